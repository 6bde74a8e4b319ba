import type { ActionRunner } from '../../action.js';
import type { Program } from '../../program-shape.js';
import { sendingOptions } from '../delivery-options.js';
import { examples } from '../help-text.js';
import { define } from './flags.js';
import { DEFAULT_EVENT, EXAMPLE_EVENTS } from '../../catalogue/events.js';

/** `trigger`: send a realistic sample payload to a receiver. */
export function registerTrigger(program: Program, run: ActionRunner): void {
  define(program)
    .addHelpText(
      'after',
      examples(
        `tagmango-hooks trigger ${DEFAULT_EVENT} --to http://localhost:3000/webhook`,
        `tagmango-hooks trigger ${DEFAULT_EVENT} --to http://localhost:3000/webhook --set email=a@b.co --set phone=9876543210`,
        `tagmango-hooks trigger ${EXAMPLE_EVENTS.order} --to http://localhost:3000/webhook --duplicate`,
        `tagmango-hooks trigger ${EXAMPLE_EVENTS.account} --to http://localhost:3000/webhook --data body.json`,
      ),
    )
    .action((event, flags, command) =>
      run(command, async (ctx) =>
        (await import('./run.js')).runTrigger(event, flags, sendingOptions(ctx)),
      ),
    );
}
