import type { Program } from '../../program-shape.js';
import { DEFAULT_EVENT } from '../../catalogue/events.js';
import { valueArgument, valueOption, withScopeIdLists } from '../define.js';

/** `import`'s arguments and options, declared once (subscribe's way of naming registrations). */
export function define(program: Program) {
  const command = program
    .command('import')
    .description('Record webhooks registered outside this tool (dashboard, curl, another machine) as active, without sending anything.')
    .addArgument(valueArgument('[hookUrl]', 'the hook URL as registered at TagMango; placeholders as for subscribe', 'url'))
    .addOption(valueOption('--event <type>', 'event type (see: tagmango-hooks events)', 'event').default(DEFAULT_EVENT));
  return withScopeIdLists(command, (key) => `${key} id the webhook is registered for; repeatable`)
    .addOption(valueOption('--from-file <path|->', 'many webhooks from JSON, JSON lines or CSV (- for stdin), as for subscribe', 'file'))
    .option('--force', 'record it even when it overlaps an all-objects or scoped registration')
    .option('--allow-unknown-event', 'accept an event the catalogue does not know yet')
    .option('--allow-private', 'allow a hook URL on loopback/private/.local hosts');
}

/** Options of `import`, as commander parses them. */
export type ImportFlags = ReturnType<ReturnType<typeof define>['opts']>;
