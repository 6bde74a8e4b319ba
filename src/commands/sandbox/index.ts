import type { ActionRunner, Program } from '../../program.js';
import { DEFAULT_EVENT, EXAMPLE_EVENTS } from '../../catalogue/events.js';
import { portOption, valueArgument, valueOption, withScopeIds } from '../define.js';
import { deliveryOptions } from '../delivery-options.js';
import { examples } from '../help-text.js';

/** The sandbox's port when none is given; `sandbox fire` looks there too. */
export const DEFAULT_SANDBOX_PORT = 4010;

/** `sandbox`'s options, declared once. */
function defineSandbox(program: Program) {
  return program
    .command('sandbox')
    .description('Run a TagMango-compatible registration API on 127.0.0.1 for offline use; `sandbox fire` makes it deliver events.')
    .addOption(portOption('port to listen on (0: any free port)', DEFAULT_SANDBOX_PORT))
    .option('--key <key>', 'accept only this x-api-key (default: any non-empty key)')
    .addOption(valueOption('--state <file>', 'keep registrations in this JSON file (default: memory only)', 'file'));
}

/** `sandbox fire`'s argument and options, declared once. */
function defineFire(sandbox: ReturnType<typeof defineSandbox>) {
  const fire = sandbox
    .command('fire')
    .description('Make a running sandbox POST an example payload to every matching registration and report each delivery.')
    .addArgument(valueArgument('<event>', `event type, such as ${DEFAULT_EVENT}`, 'event'))
    .addOption(portOption('port of the running sandbox', DEFAULT_SANDBOX_PORT));
  return withScopeIds(fire, (key) => (key === 'course' ? 'the course the event happened to (registrations for other courses do not get it)' : `the ${key} the event happened to`));
}

/** Options of `sandbox`, as commander parses them. */
export type SandboxFlags = ReturnType<ReturnType<typeof defineSandbox>['opts']>;

/** Options of `sandbox fire`, as commander parses them. */
export type FireFlags = ReturnType<ReturnType<typeof defineFire>['opts']>;

/** `sandbox` and `sandbox fire`: a TagMango-compatible API on loopback that delivers sample events. */
export function registerSandbox(program: Program, run: ActionRunner): void {
  const sandbox = defineSandbox(program)
    .addHelpText(
      'after',
      examples(
        'tagmango-hooks sandbox',
        'tagmango-hooks config set api-url http://127.0.0.1:4010',
        `tagmango-hooks sandbox fire ${DEFAULT_EVENT} --course 634fc35ddaf58580e2418c40`,
      ),
    )
    .action((flags, command) => run(command, async (ctx) => (await import('./run.js')).runSandbox(flags, deliveryOptions(ctx))));
  defineFire(sandbox)
    .addHelpText(
      'after',
      examples(
        `tagmango-hooks sandbox fire ${DEFAULT_EVENT} --course 634fc35ddaf58580e2418c40`,
        `tagmango-hooks sandbox fire ${EXAMPLE_EVENTS.webinar} --webinar 65a1b2c3d4e5f60718293a51`,
      ),
    )
    .action((event, flags, command) => {
      // `sandbox fire --port 4011`: commander gives a --port after `fire` to `sandbox`, which declares one
      // too, so the value is taken back here. enablePositionalOptions() would route it to `fire`, but it
      // also makes global options count only before the command name: `list --json` then fails with
      // "Unknown option '--json'" (checked), and scripts write global options after the command.
      const parent = command.parent;
      const port = parent?.getOptionValueSource('port') === 'cli' ? (parent.opts() as SandboxFlags).port : flags.port;
      return run(command, async (ctx) => (await import('./fire-run.js')).runSandboxFire(event, { ...flags, port }, deliveryOptions(ctx)));
    });
}
