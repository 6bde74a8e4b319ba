import type { Command } from 'commander';
import type { ActionRunner } from '../../cli.js';
import { DEFAULT_EVENT } from '../../catalogue/events.js';
import { examples } from '../help-text.js';
import { collect } from '../options.js';

/** Options of `subscribe`, as commander parses them. */
export interface SubscribeFlags {
  event: string;
  course?: string[];
  mango?: string[];
  webinar?: string[];
  page?: string[];
  fromFile?: string;
  concurrency: string;
  dryRun?: boolean;
  force?: boolean;
  allowUnknownEvent?: boolean;
  allowPrivate?: boolean;
  strict?: boolean;
}

/** `subscribe`: register webhooks. */
export function registerSubscribe(program: Command, run: ActionRunner): void {
  program
    .command('subscribe')
    .description('Register a hook URL for a TagMango event, for all objects or per course/mango/webinar/page.')
    .argument('[hookUrl]', 'the https URL TagMango will POST events to; {event}, {course}, {mango}, {webinar}, {page} are filled in per registration')
    .option('--event <type>', 'event type (see: tagmango-hooks events)', DEFAULT_EVENT)
    .option('--course <id>', 'course id; repeat for one registration per course', collect)
    .option('--mango <id>', 'mango (product) id; repeatable', collect)
    .option('--webinar <id>', 'webinar id; repeatable', collect)
    .option('--page <id>', 'page id; repeatable', collect)
    .option('--from-file <path|->', 'many registrations from JSON, JSON lines or CSV (- for stdin)')
    .option('--concurrency <n>', 'registrations in flight at once', '8')
    .option('--dry-run', 'print the exact requests (key masked); send and write nothing')
    .option('--force', 'register again even if the registry has it')
    .option('--allow-unknown-event', 'pass an event the catalogue does not know yet')
    .option('--allow-private', 'allow a hook URL on loopback/private/.local hosts')
    .option('--strict', 'treat a deprecated event as an error (exit 2)')
    .addHelpText(
      'after',
      examples(
        'tagmango-hooks subscribe https://hooks.example.com/tagmango',
        'tagmango-hooks subscribe https://hooks.example.com/tagmango --course 634fc35ddaf58580e2418c40 --course 634fc35ddaf58580e2418c41',
        'tagmango-hooks subscribe https://hooks.example.com/orders --event order.created.completed --json',
        "tagmango-hooks subscribe 'https://hooks.example.com/tagmango?event={event}' --event course.completed.50 --course 634fc35ddaf58580e2418c40",
        'tagmango-hooks subscribe --from-file hooks.csv --dry-run',
      ),
    )
    .action((hookUrl: string | undefined, flags: SubscribeFlags, command: Command) =>
      run(command, async (ctx) => (await import('./run.js')).runSubscribe(hookUrl, flags, ctx)),
    );
}
