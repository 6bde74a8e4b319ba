import { Option } from '@commander-js/extra-typings';
import type { Program } from '../../program-shape.js';
import { valueArgument } from '../define.js';

/** `resolve`'s argument and options, declared once. */
export function define(program: Program) {
  return program
    .command('resolve')
    .description('Settle records whose outcome is unknown, after checking the TagMango dashboard. Sends nothing.')
    .addArgument(valueArgument('<id...>', 'registry ids, as shown by: tagmango-hooks list', 'record'))
    .addOption(new Option('--exists', 'the webhook is in the dashboard: the record becomes active').conflicts('absent'))
    .addOption(new Option('--absent', 'it is not: the record is retired, and the next subscribe or migrate sends it again').conflicts('exists'));
}

/** Options of `resolve`, as commander parses them. */
export type ResolveFlags = ReturnType<ReturnType<typeof define>['opts']>;
