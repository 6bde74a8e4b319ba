import { CommanderError, Help, type CommandUnknownOpts } from '@commander-js/extra-typings';
import type { ActionRunner } from './action.js';
import { COMMANDS } from './commands/index.js';
import { examples } from './commands/help-text.js';
import type { Deps } from './deps.js';
import { fitText } from './io/fit-text.js';
import { terminalWidth } from './io/width.js';
import { programWithGlobalOptions, type Program } from './program-shape.js';
import { HELP_WIDTH, type HelpOutput } from './help/prebuilt.js';

/** The error as commander's own (a parse error, or its help and version), or undefined. */
export function asCommanderError(error: unknown): CommanderError | undefined {
  return error instanceof CommanderError ? error : undefined;
}

/** Build the commander program; `runAction` is how actions reach their implementations. */
export function buildProgram(deps: Deps, runAction: ActionRunner): Program {
  const program = programWithGlobalOptions()
    .addHelpText(
      'after',
      examples(
        'tagmango-hooks login',
        'tagmango-hooks subscribe https://hooks.example.com/tagmango --course 634fc35ddaf58580e2418c40',
        'tagmango-hooks help subscribe',
      ),
    )
    // `help subscribe` lists --json, --api-url, --timeout... too (commands inherit this setting).
    .configureHelp({
      showGlobalOptions: true,
      // An option a command declares itself (`sandbox fire --port`) shadows its parent's: listed once, as the command's.
      visibleGlobalOptions(command) {
        const own = new Set(command.options.map((option) => option.long));
        return Help.prototype.visibleGlobalOptions.call(this, command).filter((option) => !own.has(option.long));
      },
    })
    .showSuggestionAfterError(true)
    .showHelpAfterError(false)
    .exitOverride()
    // Help fits the terminal it is printed on (its width read at each print: a resized pane is followed).
    .configureOutput({
      writeOut: (text) => deps.streams.stdout.write(fitText(text, terminalWidth(deps.streams.stdout))),
      writeErr: (text) => deps.streams.stderr.write(fitText(text, terminalWidth(deps.streams.stderr))),
      // A terminal's own width; elsewhere the fixed width the generated help (help/prebuilt.ts) has.
      getOutHelpWidth: () => helpWidth(deps.streams.stdout as HelpOutput),
      getErrHelpWidth: () => helpWidth(deps.streams.stderr as HelpOutput),
      outputError: () => undefined,
    });
  for (const register of COMMANDS) register(program, runAction);
  unquoteDefaults(program);
  return program;
}

function helpWidth(output: HelpOutput): number {
  return output.isTTY && output.columns ? output.columns : HELP_WIDTH;
}

/** Show every default as written (`8`, like `30000`), not as commander's JSON (`"8"`). */
function unquoteDefaults(program: CommandUnknownOpts): void {
  for (const command of [program, ...program.commands]) {
    for (const option of command.options) {
      if (typeof option.defaultValue === 'string' && option.defaultValueDescription === undefined) option.defaultValueDescription = option.defaultValue;
    }
  }
}

/**
 * Follow commander's dispatch: the returned function gives the deepest command parsing has
 * reached (the program before any), which is the command a parse error speaks of.
 */
export function trackDispatch(program: CommandUnknownOpts): () => CommandUnknownOpts {
  let current = program;
  const watch = (command: CommandUnknownOpts): void => {
    if (command.commands.length === 0) return;
    command.hook('preSubcommand', (_parent, sub) => {
      current = sub;
    });
    command.commands.forEach(watch);
  };
  watch(program);
  return () => current;
}

/**
 * The name in `help <name>` when it is no command of the program (commander would print the
 * general help and end as if all were well), or undefined.
 */
export function unknownHelpTopic(program: CommandUnknownOpts, argv: readonly string[]): string | undefined {
  const takesValue = new Set(program.options.filter((o) => o.required || o.optional).flatMap((o) => [o.long, o.short]));
  const operands: string[] = [];
  for (let i = 0; i < argv.length && operands.length < 2; i++) {
    const arg = argv[i] as string;
    if (arg === '--') break;
    if (arg.startsWith('-')) {
      if (takesValue.has(arg)) i++;
      continue;
    }
    operands.push(arg);
  }
  const [first, topic] = operands;
  if (first !== 'help' || topic === undefined || topic === 'help') return undefined;
  return program.commands.some((c) => c.name() === topic || c.aliases().includes(topic)) ? undefined : topic;
}
