import type { Command } from 'commander';
import type { ActionRunner } from '../../cli.js';
import { examples } from '../help-text.js';

/** Options of `listen`, as commander parses them. */
export interface ListenFlags {
  port: string;
  host: string;
  path: string;
  forwardTo?: string;
}

/** `listen`: a local receiver that prints, validates and optionally forwards deliveries. */
export function registerListen(program: Command, run: ActionRunner): void {
  program
    .command('listen')
    .description('Run a local webhook receiver: print and validate each delivery, flag duplicates, optionally forward.')
    .option('--port <n>', 'port to listen on (0: any free port)', '4020')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--path <path>', 'path that receives webhooks', '/hook')
    .option('--forward-to <url>', 'also POST each delivery there and answer with its status (502 if it is down)')
    .addHelpText(
      'after',
      examples(
        'tagmango-hooks listen',
        'tagmango-hooks listen --port 0 --json',
        'tagmango-hooks listen --forward-to http://localhost:3000/webhook',
      ),
    )
    .action((flags: ListenFlags, command: Command) =>
      run(command, async (ctx) => (await import('./run.js')).runListen(flags, ctx)),
    );
}
