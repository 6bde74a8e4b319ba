import type { ActionRunner } from '../../action.js';
import type { Program } from '../../program-shape.js';
import { valueArgument } from '../define.js';
import { examples } from '../help-text.js';

/** `forget`: mark registry records as forgotten (TagMango has no unsubscribe call). */
export function registerForget(program: Program, run: ActionRunner): void {
  program
    .command('forget')
    .description('Mark records forgotten (kept; list --all shows them). TagMango has no unsubscribe: remove the webhook in its dashboard.')
    .addArgument(valueArgument('<id...>', 'registry ids, as shown by: tagmango-hooks list', 'record'))
    .option('-y, --yes', 'do not ask for confirmation (needed without a TTY)')
    .addHelpText('after', examples('tagmango-hooks forget wh_1a2b3c4d', 'tagmango-hooks forget wh_1a2b3c4d wh_5e6f7a8b --yes --json'))
    .action((ids, flags, command) =>
      run(command, async (ctx) => {
        const [{ runForget }, { confirm }] = await Promise.all([import('./run.js'), import('../../io/prompt.js')]);
        return runForget(ids, flags, { io: ctx.io, registry: await ctx.registry(), confirm: (question) => confirm(ctx.io.streams, question) });
      }),
    );
}
