import type { ActionRunner, Program } from '../../program.js';
import { valueArgument, valueOption } from '../define.js';
import { deliveryOptions } from '../delivery-options.js';
import { examples } from '../help-text.js';
import { hookSecretPort } from '../hook-secret-port.js';

/** `replay`'s argument and options, declared once. */
function define(program: Program) {
  return program
    .command('replay')
    .description('Send the deliveries that listen --record kept to a receiver again, bodies byte for byte, and report each answer.')
    .addArgument(valueArgument('<file>', 'the JSON lines file listen --record wrote (- for stdin)', 'file'))
    .addOption(valueOption('--to <url>', "the receiver URL; each delivery's query (?event=...) is added, {secret} filled from TAGMANGO_HOOK_SECRET", 'url').makeOptionMandatory())
    .addOption(valueOption('--event <type>', 'send only the deliveries whose URL named this event', 'event'));
}

/** Options of `replay`, as commander parses them. */
export type ReplayFlags = ReturnType<ReturnType<typeof define>['opts']>;

/** `replay`: send recorded deliveries to a receiver under development. */
export function registerReplay(program: Program, run: ActionRunner): void {
  define(program)
    .addHelpText(
      'after',
      examples(
        'tagmango-hooks replay deliveries.jsonl --to http://localhost:3000/tagmango',
        "tagmango-hooks replay deliveries.jsonl --to 'http://localhost:3000/tagmango?token={secret}' --event course.completed.100",
      ),
    )
    .action((file, flags, command) =>
      run(command, async (ctx) =>
        (await import('./run.js')).runReplay(file, flags, {
          ...deliveryOptions(ctx),
          cwd: ctx.deps.cwd,
          hookSecret: hookSecretPort(ctx),
          // A getter: process.stdin is created only when the file is -.
          get stdin() {
            return ctx.deps.streams.stdin;
          },
        }),
      ),
    );
}
