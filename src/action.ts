import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Context } from './context.js';
import type { CliError } from './errors.js';

/** A command's result: data for the JSON document, and the error that decides the exit code. */
export interface CommandOutcome {
  data?: Record<string, unknown>;
  error?: CliError;
  /** The command already printed JSON lines (listen, sandbox): the final document is one line too. */
  jsonLines?: boolean;
}

/** Runs one command's work inside a context; wired by each command module, implemented by cli.ts. */
export type ActionRunner = (command: CommandUnknownOpts, work: (ctx: Context) => Promise<CommandOutcome | void>) => Promise<void>;
