import type { ActionRunner } from '../../action.js';
import type { Program } from '../../program-shape.js';
import { sendingOptions } from '../delivery-options.js';
import { examples } from '../help-text.js';
import { define } from './flags.js';
import { DEFAULT_EVENT } from '../../catalogue/events.js';

/** `replay`: send recorded deliveries to a receiver under development. */
export function registerReplay(program: Program, run: ActionRunner): void {
  define(program)
    .addHelpText(
      'after',
      examples(
        'tagmango-hooks replay deliveries.jsonl --to http://localhost:3000/tagmango',
        `tagmango-hooks replay deliveries.jsonl --to 'http://localhost:3000/tagmango?token={secret}' --event ${DEFAULT_EVENT}`,
      ),
    )
    .action((file, flags, command) =>
      run(command, async (ctx) =>
        (await import('./run.js')).runReplay(file, flags, sendingOptions(ctx)),
      ),
    );
}
