import { Option } from '@commander-js/extra-typings';
import type { ActionRunner, Program } from '../../program.js';
import { valueArgument } from '../define.js';
import { examples } from '../help-text.js';

/** Options of `resolve`, as commander parses them. */
export interface ResolveFlags {
  exists?: true;
  absent?: true;
}

/** `resolve`: settle records whose outcome is unknown, after checking the TagMango dashboard. */
export function registerResolve(program: Program, run: ActionRunner): void {
  program
    .command('resolve')
    .description('Settle records whose outcome is unknown, after checking the TagMango dashboard. Sends nothing.')
    .addArgument(valueArgument('<id...>', 'registry ids, as shown by: tagmango-hooks list', 'id'))
    .addOption(new Option('--exists', 'the webhook is in the dashboard: the record becomes active').conflicts('absent'))
    .addOption(new Option('--absent', 'it is not: the record is retired, and the next subscribe or migrate sends it again').conflicts('exists'))
    .addHelpText(
      'after',
      examples('tagmango-hooks resolve wh_1a2b3c4d --exists', 'tagmango-hooks resolve wh_1a2b3c4d wh_5e6f7a8b --absent --json'),
    )
    .action((ids, flags, command) =>
      run(command, async (ctx) => (await import('./run.js')).runResolve(ids, flags, { io: ctx.io, registry: ctx.registry() })),
    );
}
