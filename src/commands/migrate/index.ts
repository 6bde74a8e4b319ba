import type { Command } from 'commander';
import type { ActionRunner } from '../../cli.js';
import { examples } from '../help-text.js';
import { collect } from '../options.js';

/** Options of `migrate`, as commander parses them. */
export interface MigrateFlags {
  hookUrl?: string;
  course?: string[];
  dryRun?: boolean;
  yes?: boolean;
  force?: boolean;
  concurrency: string;
  allowPrivate?: boolean;
}

/** `migrate`: move registrations of deprecated events to their successors. */
export function registerMigrate(program: Command, run: ActionRunner): void {
  program
    .command('migrate')
    .description('Move every active registration of a deprecated event to its successor (same scope; a hook URL template is re-expanded).')
    .option('--hook-url <url>', 'migrate a webhook registered outside this tool')
    .option('--course <id>', 'with --hook-url: its course id; repeatable (none: all courses)', collect)
    .option('--dry-run', 'show the plan; send and write nothing')
    .option('-y, --yes', 'do not ask for confirmation (needed without a TTY)')
    .option('--force', 'register again where an earlier attempt has an unknown outcome')
    .option('--concurrency <n>', 'registrations in flight at once', '8')
    .option('--allow-private', 'allow a hook URL on loopback/private/.local hosts')
    .addHelpText(
      'after',
      examples(
        'tagmango-hooks migrate --dry-run',
        'tagmango-hooks migrate --yes --json',
        'tagmango-hooks migrate --hook-url https://hooks.example.com/tm --course 634fc35ddaf58580e2418c40 --yes',
      ),
    )
    .action((flags: MigrateFlags, command: Command) =>
      run(command, async (ctx) => (await import('./run.js')).runMigrate(flags, ctx)),
    );
}
