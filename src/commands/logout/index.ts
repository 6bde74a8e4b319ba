import type { ActionRunner } from '../../action.js';
import type { Program } from '../../program-shape.js';
import { examples } from '../help-text.js';

/** `logout`: remove stored keys. */
export function registerLogout(program: Program, run: ActionRunner): void {
  program
    .command('logout')
    .description("Remove the profile's stored API key (settings are kept).")
    .option('--all', "remove every profile's key")
    .addHelpText('after', examples('tagmango-hooks logout', 'tagmango-hooks logout --profile staging', 'tagmango-hooks logout --all'))
    .action((opts, command) =>
      run(command, async (ctx) => (await import('./run.js')).runLogout({ all: Boolean(opts.all) }, { io: ctx.io, config: await ctx.config(), profile: ctx.profile, keyInEnvironment: Boolean(ctx.deps.env.TAGMANGO_API_KEY) })),
    );
}
