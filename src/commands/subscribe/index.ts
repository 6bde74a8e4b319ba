import type { ActionRunner } from '../../action.js';
import type { Program } from '../../program-shape.js';
import { examples } from '../help-text.js';
import { registerOptions } from '../register-options.js';
import { define } from './flags.js';

/** `subscribe`: register webhooks. */
export function registerSubscribe(program: Program, run: ActionRunner): void {
  define(program)
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
    .action((hookUrl, flags, command) => run(command, async (ctx) => (await import('./run.js')).runSubscribe(hookUrl, flags, await registerOptions(ctx))));
}
