import { EVENTS } from '../catalogue/events.js';
import { SETTING_KEYS } from '../config/settings.js';
import type { CommandSpec } from '../help/command-tree.js';
import { bashScript } from './bash.js';
import { completionEntries } from './completion-model.js';
import { fishScript } from './fish.js';
import { zshScript } from './zsh.js';

/** Shells a completion script can be generated for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** The completion script of `shell` for the program described by `program`, events from the catalogue. */
export function completionScript(shell: Shell, program: CommandSpec): string {
  const eventNames = EVENTS.map((e) => e.name);
  const entries = completionEntries(program, { event: eventNames, shell: SHELLS, setting: SETTING_KEYS });
  const render = { bash: bashScript, zsh: zshScript, fish: fishScript }[shell];
  return render(entries, eventNames);
}
