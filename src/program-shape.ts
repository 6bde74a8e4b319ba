import { Command, Option } from '@commander-js/extra-typings';
import { integerOption, valueOption } from './commands/define.js';
import { MAX_RETRIES, MAX_TIMEOUT_MS, parseApiUrl } from './config/settings.js';
import { VERSION } from './version.js';

/** The program and the options every command accepts, declared once; their types are inferred. */
export function programWithGlobalOptions() {
  return new Command('tagmango-hooks')
    .description('Manage TagMango webhook subscriptions: register, migrate, keep a registry, test receivers.')
    .version(VERSION, '-V, --version', 'print the version')
    .addOption(valueOption('--profile <name>', 'stored account to use (env TAGMANGO_PROFILE)', 'profile'))
    .addOption(valueOption('--api-url <url>', 'TagMango API base (env TAGMANGO_API_URL; config api-url)', 'url').argParser((raw: string) => parseApiUrl(raw)))
    .option('--api-key-stdin', 'read the API key from the first line of stdin')
    .addOption(valueOption('--registry <file>', 'local subscription registry (env TAGMANGO_HOOKS_REGISTRY)', 'file'))
    .option('--json', 'print one JSON document on stdout (listen and sandbox: one JSON line per event)')
    .addOption(new Option('-q, --quiet', 'print less on stderr').conflicts('verbose'))
    .option('-v, --verbose', 'log each HTTP exchange on stderr (key redacted)')
    .addOption(integerOption('--timeout <ms>', 'time limit of each HTTP attempt, headers and body together, in milliseconds (default: 30000)', { min: 1, max: MAX_TIMEOUT_MS, unit: 'milliseconds' }))
    .addOption(integerOption('--retries <n>', 'retries of retryable failures (default: 3)', { min: 0, max: MAX_RETRIES, unit: 'retries' }))
    .option('--no-color', 'no colour (also NO_COLOR, TERM=dumb)');
}

/** Options every command accepts, as commander parsed them (numbers and the API URL already checked). */
export type GlobalOptions = ReturnType<ReturnType<typeof programWithGlobalOptions>['opts']>;

/** The program as the command modules see it: global options declared, no action of its own. */
export type Program = ReturnType<typeof programWithGlobalOptions>;
