import type { ActionRunner } from '../../action.js';
import type { Program } from '../../program-shape.js';
import { deliveryOptions } from '../delivery-options.js';
import { examples } from '../help-text.js';
import { define } from './flags.js';

/** `listen`: a local receiver that prints, validates and optionally forwards deliveries. */
export function registerListen(program: Program, run: ActionRunner): void {
  define(program)
    .addHelpText(
      'after',
      examples(
        'tagmango-hooks listen',
        'tagmango-hooks listen --port 0 --json',
        'tagmango-hooks listen --forward-to http://localhost:3000/webhook',
        'tagmango-hooks listen --record deliveries.jsonl',
      ),
    )
    .action((flags, command) =>
      run(command, async (ctx) => (await import('./run.js')).runListen(flags, { ...deliveryOptions(ctx), cwd: ctx.deps.cwd })),
    );
}
