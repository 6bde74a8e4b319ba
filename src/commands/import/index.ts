import type { ActionRunner } from '../../action.js';
import type { Program } from '../../program-shape.js';
import { examples } from '../help-text.js';
import { registerOptions } from '../register-options.js';
import { EXAMPLE_EVENTS } from '../../catalogue/events.js';
import { define } from './flags.js';

/** `import`: tell the registry about webhooks it did not register. */
export function registerImport(program: Program, run: ActionRunner): void {
  define(program)
    .addHelpText(
      'after',
      examples(
        `tagmango-hooks import https://hooks.example.com/tagmango --event ${EXAMPLE_EVENTS.deprecated} --course 634fc35ddaf58580e2418c40`,
        'tagmango-hooks import --from-file dashboard-webhooks.csv --json',
      ),
    )
    .action((hookUrl, flags, command) => run(command, async (ctx) => (await import('./run.js')).runImport(hookUrl, flags, await registerOptions(ctx))));
}
