import type { Command } from 'commander';
import type { ActionRunner } from '../../cli.js';
import { examples } from '../help-text.js';

/** `forget`: mark registry records as forgotten (TagMango has no unsubscribe call). */
export function registerForget(program: Command, run: ActionRunner): void {
  program
    .command('forget')
    .description('Drop records from the registry. TagMango has no unsubscribe call: remove the webhook in its dashboard too.')
    .argument('<id...>', 'registry ids, as shown by: tagmango-hooks list')
    .option('-y, --yes', 'do not ask for confirmation (needed without a TTY)')
    .addHelpText('after', examples('tagmango-hooks forget wh_1a2b3c4d', 'tagmango-hooks forget wh_1a2b3c4d wh_5e6f7a8b --yes --json'))
    .action((ids: string[], flags: { yes?: boolean }, command: Command) =>
      run(command, async (ctx) => (await import('./run.js')).runForget(ids, flags, ctx)),
    );
}
