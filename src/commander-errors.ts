import { Help, type CommanderError, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { UsageError } from './errors.js';
import { nearestName } from './validate/event.js';

/** What a parse error is judged against: the command commander was parsing and the words given. */
export interface ParseScene {
  /** The deepest command commander dispatched to (the program when none). */
  command: CommandUnknownOpts;
  argv: readonly string[];
}

/**
 * Commander's parse errors as one sentence plus a hint, told apart by `CommanderError.code` and
 * built from what the parsed command knows (its options, arguments and subcommands).
 */
export function commanderUsageError(error: CommanderError, scene: ParseScene): UsageError {
  const { command } = scene;
  switch (error.code) {
    case 'commander.unknownOption':
      return unknownOption(offendingToken(error) ?? '', command);
    case 'commander.unknownCommand': {
      const name = command.args[0] ?? '';
      const names = new Help().visibleCommands(command).flatMap((c) => [c.name(), ...c.aliases()]);
      return usage(command, `Unknown command '${name}'.`, suggestion(name, names));
    }
    case 'commander.excessArguments': {
      const expected = command.registeredArguments.length;
      const forCommand = command.parent ? ` for '${command.name()}'` : '';
      return usage(command, `Too many arguments${forCommand}. Expected ${expected} argument${expected === 1 ? '' : 's'} but got ${command.args.length}.`);
    }
    case 'commander.missingArgument': {
      const missing = command.registeredArguments.find((argument, i) => argument.required && command.args[i] === undefined);
      if (missing) return usage(command, `Missing required argument '${missing.name()}'.`);
      break;
    }
    case 'commander.missingMandatoryOptionValue': {
      const missing = chain(command).flatMap((c) => c.options).find((o) => o.mandatory && ownerOf(command, o.attributeName())?.getOptionValue(o.attributeName()) === undefined);
      if (missing) return usage(command, `Required option '${missing.flags}' not specified.`);
      break;
    }
  }
  return usage(command, commanderSentence(error));
}

/** An unknown flag, named without any `=value` (it may be a key); a known switch given a value says it takes none. */
function unknownOption(token: string, command: CommandUnknownOpts): UsageError {
  const flag = token.split('=')[0] ?? token;
  const longs = chain(command).flatMap((c) => new Help().visibleOptions(c).map((o) => o.long)).filter((name): name is string => name !== undefined);
  if (token.includes('=') && longs.includes(flag)) return usage(command, `${flag} takes no value.`, `Write ${flag} alone.`);
  if (flag === '--api-key') {
    return new UsageError(`Unknown option '--api-key'.`, 'There is no flag that takes the key (it would leak into ps and shell history): set TAGMANGO_API_KEY, pipe it with --api-key-stdin, or run: tagmango-hooks login', 'USAGE');
  }
  return usage(command, `Unknown option '${flag}'.`, flag.startsWith('--') ? suggestion(flag, longs) : undefined);
}

/** The command and its parents: without positional options, every level's options are known below it. */
function chain(command: CommandUnknownOpts): CommandUnknownOpts[] {
  const all: CommandUnknownOpts[] = [];
  for (let c: CommandUnknownOpts | null = command; c; c = c.parent) all.push(c);
  return all;
}

/** The command of the chain that holds the option with this attribute name. */
function ownerOf(command: CommandUnknownOpts, attribute: string): CommandUnknownOpts | undefined {
  return chain(command).find((c) => c.options.some((o) => o.attributeName() === attribute));
}

/** `Did you mean <nearest>?` when a candidate is close. */
function suggestion(name: string, candidates: readonly string[]): string | undefined {
  const nearest = nearestName(name, candidates, 3);
  return nearest && nearest !== name ? `Did you mean ${nearest}?` : undefined;
}

/** A usage error whose hint ends with where to read the usage: the help of the command being parsed. */
function usage(command: CommandUnknownOpts, sentence: string, lead?: string): UsageError {
  const path = chain(command).reverse().slice(1).map((c) => c.name());
  return new UsageError(sentence, [lead, `See: ${['tagmango-hooks', ...path, '--help'].join(' ')}`].filter(Boolean).join(' '), 'USAGE');
}

// The only places that read commander's message text. CommanderError carries a code, an exit
// code and the message; the parse state behind it is private. So the unknown flag is taken from
// the message, and so is the option of `commander.optionMissingArgument`: which option lacks its
// value depends on which words the parent commands consumed first, which only the parser knows.
// Other codes without a sentence of our own (conflicting options, ...) keep commander's first line.

/** The first quoted word of commander's message (`unknown option '--nope=x'` gives `--nope=x`). */
function offendingToken(error: CommanderError): string | undefined {
  return /'([^']*)'/.exec(error.message)?.[1];
}

/** Commander's first line as a sentence: capitalised, ending in a full stop, any `--name=value` named without its value. */
function commanderSentence(error: CommanderError): string {
  const first = (error.message.split('\n')[0] ?? '').replace(/^error:\s*/i, '').replace(/'(--[^'=\s]+)=[^']*'/g, "'$1'");
  return first.charAt(0).toUpperCase() + first.slice(1).replace(/[.]?$/, '.');
}
