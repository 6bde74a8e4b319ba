import type { ActionRunner } from '../../action.js';
import type { Program } from '../../program-shape.js';
import { examples } from '../help-text.js';
import { define } from './flags.js';

/** `list`: what the registry holds for this profile and API URL. */
export function registerList(program: Program, run: ActionRunner): void {
  define(program)
    .addHelpText(
      'after',
      examples('tagmango-hooks list', 'tagmango-hooks list --deprecated', 'tagmango-hooks list --all --json', 'tagmango-hooks list --profile staging'),
    )
    .action((flags, command) => run(command, async (ctx) =>
        (await import('./run.js')).runList(flags, { io: ctx.io, registry: await ctx.registryReader(), profile: ctx.profile, apiUrl: (await ctx.settings()).apiUrl }),
      ));
}
