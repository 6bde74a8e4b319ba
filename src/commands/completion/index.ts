import type { ActionRunner } from '../../action.js';
import type { Program } from '../../program-shape.js';
import { examples } from '../help-text.js';

/** `completion`: print a shell completion script. */
export function registerCompletion(program: Program, run: ActionRunner): void {
  program
    .command('completion')
    .description('Print a shell completion script for commands, options and event names.')
    .argument('<shell>', 'bash, zsh or fish')
    .addHelpText(
      'after',
      examples(
        'source <(tagmango-hooks completion bash)',
        'tagmango-hooks completion bash > ~/.local/share/bash-completion/completions/tagmango-hooks',
        'tagmango-hooks completion zsh > "${fpath[1]}/_tagmango-hooks"',
        'tagmango-hooks completion fish > ~/.config/fish/completions/tagmango-hooks.fish',
      ),
    )
    .action((shell, _opts, command) =>
      run(command, async (ctx) => (await import('./run.js')).runCompletion(shell, command, { io: ctx.io })),
    );
}
