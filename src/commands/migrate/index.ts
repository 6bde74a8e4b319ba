import type { ActionRunner } from '../../action.js';
import type { Program } from '../../program-shape.js';
import { examples } from '../help-text.js';
import { registerOptions } from '../register-options.js';
import { define } from './flags.js';

/** `migrate`: move registrations of deprecated events to their successors. */
export function registerMigrate(program: Program, run: ActionRunner): void {
  define(program)
    .addHelpText(
      'after',
      examples(
        'tagmango-hooks migrate --dry-run',
        'tagmango-hooks migrate --yes --json',
        'tagmango-hooks migrate --hook-url https://hooks.example.com/tm --course 634fc35ddaf58580e2418c40 --yes',
      ),
    )
    .action((flags, command) =>
      run(command, async (ctx) => (await import('./run.js')).runMigrate(flags, await registerOptions(ctx))),
    );
}
