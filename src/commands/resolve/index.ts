import type { ActionRunner } from '../../action.js';
import type { Program } from '../../program-shape.js';
import { examples } from '../help-text.js';
import { define } from './flags.js';

/** `resolve`: settle records whose outcome is unknown, after checking the TagMango dashboard. */
export function registerResolve(program: Program, run: ActionRunner): void {
  define(program)
    .addHelpText(
      'after',
      examples('tagmango-hooks resolve wh_1a2b3c4d --exists', 'tagmango-hooks resolve wh_1a2b3c4d wh_5e6f7a8b --absent --json'),
    )
    .action((ids, flags, command) =>
      run(command, async (ctx) => (await import('./run.js')).runResolve(ids, flags, { io: ctx.io, registry: await ctx.registry() })),
    );
}
