import type { ActionRunner } from '../../action.js';
import type { Program } from '../../program-shape.js';
import { deliveryOptions } from '../delivery-options.js';
import { examples } from '../help-text.js';
import { define } from './flags.js';

/** `trigger`: send a realistic sample payload to a receiver. */
export function registerTrigger(program: Program, run: ActionRunner): void {
  define(program)
    .addHelpText(
      'after',
      examples(
        'tagmango-hooks trigger course.completed.100 --to http://localhost:3000/webhook',
        'tagmango-hooks trigger course.completed.100 --to http://localhost:3000/webhook --set email=a@b.co --set phone=9876543210',
        'tagmango-hooks trigger order.created.completed --to http://localhost:3000/webhook --duplicate',
        'tagmango-hooks trigger user.deleted --to http://localhost:3000/webhook --data body.json',
      ),
    )
    .action((event, flags, command) =>
      run(command, async (ctx) =>
        (await import('./run.js')).runTrigger(event, flags, {
          ...deliveryOptions(ctx),
          cwd: ctx.deps.cwd,
          // A getter: process.stdin is created only when --data - reads it.
          get stdin() {
            return ctx.deps.streams.stdin;
          },
        }),
      ),
    );
}
