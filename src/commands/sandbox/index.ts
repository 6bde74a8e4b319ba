import type { ActionRunner } from '../../action.js';
import type { Program } from '../../program-shape.js';
import { deliveryOptions } from '../delivery-options.js';
import { examples } from '../help-text.js';
import { defineFire, defineSandbox, type SandboxFlags } from './flags.js';
import { DEFAULT_EVENT, EXAMPLE_EVENTS } from '../../catalogue/events.js';

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
