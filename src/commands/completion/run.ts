import type { CommandUnknownOpts as Command } from '@commander-js/extra-typings';
import { SHELLS, completionScript, type Shell } from '../../completion/script.js';
import type { IO } from '../../io/io.js';
import type { CommandOutcome } from '../../action.js';
import { UsageError } from '../../errors.js';
import { describeCommand } from '../../help/command-tree.js';
import type { WordSource } from '../../completion/completion-model.js';
import type { ConfigStore } from '../../config/store.js';
import { isCurrent } from '../../registry/lifecycle.js';
import { recordsOf } from '../../registry/queries.js';
import type { RegistryReader } from '../../registry/store.js';

/** Print the completion script of `shell`, generated from the running program's own definitions. */
export async function runCompletion(shell: string | undefined, command: Command, { io }: { io: IO }): Promise<CommandOutcome> {
  if (shell === undefined) throw new UsageError('Missing the shell to complete for.', `Use one of: ${SHELLS.join(', ')}. Example: tagmango-hooks completion bash`, 'MISSING_SHELL');
  if (!(SHELLS as readonly string[]).includes(shell)) {
    throw new UsageError(`Unknown shell "${shell}".`, `Use one of: ${SHELLS.join(', ')}. Example: tagmango-hooks completion bash`);
  }
  let program = command;
  while (program.parent) program = program.parent;
  const script = completionScript(shell as Shell, describeCommand(program));
  if (!io.json) io.write(script);
  return { data: { shell, script } };
}

/** What the completion words come from: the config file (profiles) and the registry of this profile and API URL (ids). */
export interface CompletionWordsOptions {
  io: IO;
  config: ConfigStore;
  registry: RegistryReader;
  profile: string;
  apiUrl: () => Promise<string>;
}

/** Print, one per line, the stored profile names or the ids of this profile's current registry records (what forget and resolve take). */
export async function runCompletionWords(source: WordSource, { io, config, registry, profile, apiUrl }: CompletionWordsOptions): Promise<CommandOutcome> {
  const words = source === 'profile' ? Object.keys(config.read().profiles).sort() : recordsOf(registry.read().subscriptions, { profile, apiUrl: await apiUrl() }).filter(isCurrent).map((r) => r.id);
  if (!io.json) io.write(words.map((w) => `${w}\n`).join(''));
  return { data: { source, words } };
}
