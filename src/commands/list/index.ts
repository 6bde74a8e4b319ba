import type { Command } from 'commander';
import type { ActionRunner } from '../../cli.js';
import { examples } from '../help-text.js';

/** Options of `list`, as commander parses them. */
export interface ListFlags {
  event?: string;
  hookUrl?: string;
  deprecated?: boolean;
  all?: boolean;
}

/** `list`: what the registry holds for this profile and API URL. */
export function registerList(program: Command, run: ActionRunner): void {
  program
    .command('list')
    .description('List the webhooks registered with this tool for the current profile and API URL.')
    .option('--event <type>', 'only this event')
    .option('--hook-url <url>', 'only this hook URL')
    .option('--deprecated', 'only registrations of deprecated events')
    .option('--all', 'also migrated and forgotten records')
    .addHelpText(
      'after',
      examples('tagmango-hooks list', 'tagmango-hooks list --deprecated', 'tagmango-hooks list --all --json', 'tagmango-hooks list --profile staging'),
    )
    .action((flags: ListFlags, command: Command) => run(command, async (ctx) => (await import('./run.js')).runList(flags, ctx)));
}
