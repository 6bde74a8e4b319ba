import type { Context } from '../../context.js';
import type { ActionRunner } from '../../action.js';
import type { Program } from '../../program-shape.js';
import { valueArgument } from '../define.js';
import { examples } from '../help-text.js';

/** `config`: read and change per-profile settings. */
export function registerConfig(program: Program, run: ActionRunner): void {
  const config = program
    .command('config')
    .description('Read and change settings of a profile (keys: api-url, timeout, retries).')
    .addHelpText(
      'after',
      examples(
        'tagmango-hooks config list',
        'tagmango-hooks config profiles',
        'tagmango-hooks config set api-url http://127.0.0.1:4010 --profile sandbox',
        'tagmango-hooks config get timeout',
        'tagmango-hooks config unset retries',
        'tagmango-hooks config path',
      ),
    );
  const load = async () => await import('./run.js');
  /** The options of a config command, from the run's context. */
  const options = async (ctx: Context) => ({ io: ctx.io, profile: ctx.profile, config: await ctx.config(), settings: () => ctx.settings() });
  config
    .command('list')
    .description('Show every setting with its value and where it comes from.')
    .addHelpText('after', examples('tagmango-hooks config list', 'tagmango-hooks config list --profile staging --json'))
    .action((_o, command) => run(command, async (ctx) => (await load()).runConfigList(await options(ctx))));
  config
    .command('profiles')
    .description('List every stored profile: masked key, API URL and how many webhooks the registry holds for it.')
    .addHelpText('after', examples('tagmango-hooks config profiles', 'tagmango-hooks config profiles --json'))
    .action((_o, command) =>
      run(command, async (ctx) =>
        (await import('./profiles.js')).runConfigProfiles({
          io: ctx.io,
          profile: ctx.profile,
          config: await ctx.config(),
          registry: await ctx.registryReader(),
          apiUrlOf: (stored) => {
            const settings = ctx.settingsOf(stored);
            return { value: settings.apiUrl, source: settings.apiUrlSource };
          },
        }),
      ),
    );
  config
    .command('get')
    .description('Print one setting.')
    .addArgument(valueArgument('<key>', 'api-url, timeout or retries', 'setting'))
    .addHelpText('after', examples('tagmango-hooks config get timeout', 'tagmango-hooks config get api-url --profile sandbox'))
    .action((key, _o, command) => run(command, async (ctx) => (await load()).runConfigGet(key, await options(ctx))));
  config
    .command('set')
    .description('Store a setting for the profile (validated).')
    .addArgument(valueArgument('<key>', 'api-url, timeout or retries', 'setting'))
    .argument('<value>', 'the new value')
    .addHelpText('after', examples('tagmango-hooks config set timeout 10000', 'tagmango-hooks config set api-url http://127.0.0.1:4010 --profile sandbox'))
    .action((key, value, _o, command) =>
      run(command, async (ctx) => (await load()).runConfigSet(key, value, await options(ctx))),
    );
  config
    .command('unset')
    .description('Remove a stored setting (the default applies again).')
    .addArgument(valueArgument('<key>', 'api-url, timeout or retries', 'setting'))
    .addHelpText('after', examples('tagmango-hooks config unset retries'))
    .action((key, _o, command) => run(command, async (ctx) => (await load()).runConfigUnset(key, await options(ctx))));
  config
    .command('path')
    .description('Print the config file path.')
    .addHelpText('after', examples('tagmango-hooks config path', 'cat "$(tagmango-hooks config path)"'))
    .action((_o, command) => run(command, async (ctx) => (await load()).runConfigPath({ io: ctx.io, file: ctx.paths.config })));
}
