import type { Program } from '../../program-shape.js';
import { collectIds, integerOption, valueOption } from '../define.js';

/** `migrate`'s options, declared once. */
export function define(program: Program) {
  return program
    .command('migrate')
    .description('Move every active registration of a deprecated event to its successor (same scope; a hook URL template is re-expanded).')
    .addOption(valueOption('--hook-url <url>', 'migrate a webhook registered outside this tool', 'url'))
    .addOption(valueOption('--course <id>', 'with --hook-url: its course id; repeatable (none: all courses)', 'id').argParser(collectIds))
    .option('--dry-run', 'show the plan; send and write nothing')
    .option('-y, --yes', 'do not ask for confirmation (needed without a TTY)')
    .option('--force', 'register again where an earlier attempt has an unknown outcome')
    .addOption(integerOption('--concurrency <n>', 'registrations in flight at once', { min: 1, max: 64, unit: 'requests' }).default(8))
    .option('--allow-private', 'allow a hook URL on loopback/private/.local hosts');
}

/** Options of `migrate`, as commander parses them. */
export type MigrateFlags = ReturnType<ReturnType<typeof define>['opts']>;
