import type { ActionRunner, Program } from '../../program.js';
import { portOption, valueOption } from '../define.js';
import { deliveryOptions } from '../delivery-options.js';
import { examples } from '../help-text.js';

/** `listen`'s options, declared once. */
function define(program: Program) {
  return program
    .command('listen')
    .description('Run a local webhook receiver: print and validate each delivery, flag duplicates, optionally forward and record.')
    .addOption(portOption('port to listen on (0: any free port)', 4020))
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--path <path>', 'path that receives webhooks', '/hook')
    .addOption(valueOption('--forward-to <url>', 'also POST each delivery there and answer with its status (502 if it is down)', 'url'))
    .addOption(valueOption('--record <file>', 'append each delivery (time, path and query, headers, body) to this JSON lines file, for replay', 'file'));
}

/** Options of `listen`, as commander parses them. */
export type ListenFlags = ReturnType<ReturnType<typeof define>['opts']>;

/** `listen`: a local receiver that prints, validates and optionally forwards deliveries. */
export function registerListen(program: Program, run: ActionRunner): void {
  define(program)
    .addHelpText(
      'after',
      examples(
        'tagmango-hooks listen',
        'tagmango-hooks listen --port 0 --json',
        'tagmango-hooks listen --forward-to http://localhost:3000/webhook',
        'tagmango-hooks listen --record deliveries.jsonl',
      ),
    )
    .action((flags, command) =>
      run(command, async (ctx) => (await import('./run.js')).runListen(flags, { ...deliveryOptions(ctx), cwd: ctx.deps.cwd })),
    );
}
