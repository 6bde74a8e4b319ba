import type { ActionRunner, Program } from '../../program.js';
import { valueOption } from '../define.js';
import { examples } from '../help-text.js';

/** `list`'s options, declared once. */
function define(program: Program) {
  return program
    .command('list')
    .description('List the webhooks registered with this tool for the current profile and API URL.')
    .addOption(valueOption('--event <type>', 'only this event', 'event'))
    .addOption(valueOption('--hook-url <url>', 'only this hook URL', 'url'))
    .option('--deprecated', 'only registrations of deprecated events')
    .option('--all', 'also migrated and forgotten records');
}

/** Options of `list`, as commander parses them. */
export type ListFlags = ReturnType<ReturnType<typeof define>['opts']>;

/** `list`: what the registry holds for this profile and API URL. */
export function registerList(program: Program, run: ActionRunner): void {
  define(program)
    .addHelpText(
      'after',
      examples('tagmango-hooks list', 'tagmango-hooks list --deprecated', 'tagmango-hooks list --all --json', 'tagmango-hooks list --profile staging'),
    )
    .action((flags, command) => run(command, async (ctx) =>
        (await import('./run.js')).runList(flags, { io: ctx.io, registry: ctx.registry(), profile: ctx.profile, apiUrl: ctx.settings().apiUrl }),
      ));
}
