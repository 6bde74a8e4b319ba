import type { ActionRunner } from '../../action.js';
import type { Program } from '../../program-shape.js';
import { examples } from '../help-text.js';
import { registerOptions } from '../register-options.js';
import { define } from './flags.js';
import { EXAMPLE_EVENTS } from '../../catalogue/events.js';

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
    .action((hookUrl, flags, command) => run(command, async (ctx) => (await import('./run.js')).runSubscribe(hookUrl, flags, await registerOptions(ctx))));
}
