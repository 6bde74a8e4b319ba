import type { Program } from '../../program-shape.js';
import { valueOption } from '../define.js';

/** `list`'s options, declared once. */
export function define(program: Program) {
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
