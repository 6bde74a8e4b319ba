import type { ActionRunner } from '../../action.js';
import type { Program } from '../../program-shape.js';
import { valueArgument } from '../define.js';
import { examples } from '../help-text.js';

/** `registry`: tools for the registry file itself; `registry merge` is git's merge driver for it. */
export function registerRegistry(program: Program, run: ActionRunner): void {
  const registry = program
    .command('registry')
    .description('Work on registry files themselves (merge two clones\' changes).')
    .addHelpText('after', examples('tagmango-hooks registry merge %O %A %B'));
  registry
    .command('merge')
    .description('Merge two changed copies of a registry file, as a git merge driver: writes the result into <ours>. Sends nothing.')
    .addArgument(valueArgument('<base>', 'the common ancestor (git: %O); an empty file when there is none', 'file'))
    .addArgument(valueArgument('<ours>', 'this side, overwritten with the merge (git: %A)', 'file'))
    .addArgument(valueArgument('<theirs>', 'the other side (git: %B)', 'file'))
    .addHelpText(
      'after',
      examples(
        "printf 'hooks/subscriptions.json merge=tagmango-hooks\\n' >> .gitattributes",
        "git config merge.tagmango-hooks.driver 'tagmango-hooks registry merge %O %A %B'",
      ),
    )
    .action((base, ours, theirs, _flags, command) =>
      run(command, async (ctx) => (await import('./merge-run.js')).runRegistryMerge({ base, ours, theirs }, { io: ctx.io, cwd: ctx.deps.cwd })),
    );
}
