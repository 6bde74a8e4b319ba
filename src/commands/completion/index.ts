import type { ActionRunner } from '../../action.js';
import type { Program } from '../../program-shape.js';
import { Option } from '@commander-js/extra-typings';
import type { WordSource } from '../../completion/completion-model.js';
import { valueArgument } from '../define.js';
import { examples } from '../help-text.js';

/** `completion`: print a shell completion script. */
export function registerCompletion(program: Program, run: ActionRunner): void {
  program
    .command('completion')
    .description('Print a shell completion script for commands, options and event names.')
    .addArgument(valueArgument('[shell]', 'bash, zsh or fish', 'shell'))
    // What the scripts ask for while completing: the names only the user's files know.
    .addOption(new Option('--words <source>', 'print the profile names (profile) or registry ids (record) to complete').choices(['profile', 'record']).hideHelp())
    .addHelpText(
      'after',
      examples(
        'source <(tagmango-hooks completion bash)',
        'mkdir -p ~/.local/share/bash-completion/completions && tagmango-hooks completion bash > ~/.local/share/bash-completion/completions/tagmango-hooks',
        'mkdir -p ~/.zfunc && tagmango-hooks completion zsh > ~/.zfunc/_tagmango-hooks',
        'mkdir -p ~/.config/fish/completions && tagmango-hooks completion fish > ~/.config/fish/completions/tagmango-hooks.fish',
      ),
    )
    .action((shell, opts, command) =>
      run(command, async (ctx) => {
        const { runCompletion, runCompletionWords } = await import('./run.js');
        if (opts.words === undefined) return runCompletion(shell, command, { io: ctx.io });
        return runCompletionWords(opts.words as WordSource, { io: ctx.io, config: await ctx.config(), registry: await ctx.registryReader(), profile: ctx.profile, apiUrl: async () => (await ctx.settings()).apiUrl });
      }),
    );
}
