import type { CommandUnknownOpts as Command } from '@commander-js/extra-typings';
import { SHELLS, completionScript, type Shell } from '../../completion/script.js';
import type { IO } from '../../io/io.js';
import type { CommandOutcome } from '../../action.js';
import { UsageError } from '../../errors.js';
import { describeCommand } from '../../help/command-tree.js';

/** Print the completion script of `shell`, generated from the running program's own definitions. */
export async function runCompletion(shell: string, command: Command, { io }: { io: IO }): Promise<CommandOutcome> {
  if (!(SHELLS as readonly string[]).includes(shell)) {
    throw new UsageError(`Unknown shell "${shell}".`, `Use one of: ${SHELLS.join(', ')}. Example: tagmango-hooks completion bash`);
  }
  let program = command;
  while (program.parent) program = program.parent;
  const script = completionScript(shell as Shell, describeCommand(program));
  if (!io.json) io.write(script);
  return { data: { shell, script } };
}
