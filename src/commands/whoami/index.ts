import type { ActionRunner } from '../../action.js';
import type { Program } from '../../program-shape.js';
import { examples } from '../help-text.js';

/** `whoami`: the account, settings and registry in use. */
export function registerWhoami(program: Program, run: ActionRunner): void {
  program
    .command('whoami')
    .description('Show the profile, masked key and its source, API URL, file paths and registry counts.')
    .addHelpText('after', examples('tagmango-hooks whoami', 'TAGMANGO_API_KEY=... tagmango-hooks whoami --json'))
    .action((_opts, command) => run(command, async (ctx) =>
        (await import('./run.js')).runWhoami({
          io: ctx.io,
          key: await ctx.findApiKey(),
          settings: await ctx.settings(),
          registry: await ctx.registryReader(),
          profile: ctx.profile,
          configPath: ctx.paths.config,
        }),
      ));
}
