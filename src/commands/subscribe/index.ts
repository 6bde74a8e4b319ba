import type { ActionRunner, Program } from '../../program.js';
import { DEFAULT_EVENT, EXAMPLE_EVENTS } from '../../catalogue/events.js';
import { integerOption, valueArgument, valueOption, withScopeIdLists } from '../define.js';
import { examples } from '../help-text.js';
import { registerOptions } from '../register-options.js';

/** `subscribe`'s arguments and options, declared once. */
function define(program: Program) {
  const command = program
    .command('subscribe')
    .description('Register a hook URL for a TagMango event, for all objects or per course/mango/webinar/page.')
    .addArgument(valueArgument('[hookUrl]', 'the https URL TagMango will POST events to; {event}, {course}, {mango}, {webinar}, {page} are filled in per registration', 'url'))
    .addOption(valueOption('--event <type>', 'event type (see: tagmango-hooks events)', 'event').default(DEFAULT_EVENT));
  return withScopeIdLists(command, (key) => (key === 'course' ? 'course id; repeat for one registration per course' : key === 'mango' ? 'mango (product) id; repeatable' : `${key} id; repeatable`))
    .addOption(valueOption('--from-file <path|->', 'many registrations from JSON, JSON lines or CSV (- for stdin)', 'file'))
    .addOption(integerOption('--concurrency <n>', 'registrations in flight at once', { min: 1, max: 64, unit: 'requests' }).default(8))
    .option('--dry-run', 'print the exact requests (key masked); send and write nothing')
    .option('--force', 'register again even if the registry has it')
    .option('--allow-unknown-event', 'pass an event the catalogue does not know yet')
    .option('--allow-private', 'allow a hook URL on loopback/private/.local hosts')
    .option('--strict', 'treat a deprecated event as an error (exit 2)');
}

/** Options of `subscribe`, as commander parses them. */
export type SubscribeFlags = ReturnType<ReturnType<typeof define>['opts']>;

/** `subscribe`: register webhooks. */
export function registerSubscribe(program: Program, run: ActionRunner): void {
  define(program)
    .addHelpText(
      'after',
      examples(
        'tagmango-hooks subscribe https://hooks.example.com/tagmango',
        'tagmango-hooks subscribe https://hooks.example.com/tagmango --course 634fc35ddaf58580e2418c40 --course 634fc35ddaf58580e2418c41',
        `tagmango-hooks subscribe https://hooks.example.com/orders --event ${EXAMPLE_EVENTS.order} --json`,
        `tagmango-hooks subscribe 'https://hooks.example.com/tagmango?event={event}' --event ${EXAMPLE_EVENTS.milestone} --course 634fc35ddaf58580e2418c40`,
        `tagmango-hooks subscribe https://hooks.example.com/webinars --event ${EXAMPLE_EVENTS.webinar} --webinar 65a1b2c3d4e5f60718293a51`,
        'tagmango-hooks subscribe --from-file hooks.csv --dry-run',
      ),
    )
    .action((hookUrl, flags, command) => run(command, async (ctx) => (await import('./run.js')).runSubscribe(hookUrl, flags, registerOptions(ctx))));
}
