import type { ActionRunner } from '../../action.js';
import type { Program } from '../../program-shape.js';
import { examples } from '../help-text.js';

/** `login`: store the API key of a profile. */
export function registerLogin(program: Program, run: ActionRunner): void {
  program
    .command('login')
    .description('Store the TagMango API key for a profile (hidden prompt on a TTY, else stdin).')
    .addHelpText(
      'after',
      examples(
        'tagmango-hooks login',
        'printf "%s\\n" "$TAGMANGO_API_KEY" | tagmango-hooks login --api-key-stdin',
        'tagmango-hooks login --profile staging',
      ),
    )
    .action((_opts, command) => run(command, async (ctx) => {
        const [{ runLogin }, { readHidden }] = await Promise.all([import('./run.js'), import('../../io/prompt.js')]);
        return runLogin({
          io: ctx.io,
          config: await ctx.config(),
          profile: ctx.profile,
          apiKeyStdin: Boolean(ctx.globals.apiKeyStdin),
          readStdinLine: () => ctx.readStdinLine(),
          readHidden: (question) => readHidden(ctx.io.streams, question),
        });
      }));
}
