import { readFileSync } from 'node:fs';
import { VERSION } from '../version.js';

/**
 * The width of help text that does not go to a terminal, and of the text generated at build
 * time (docs/commands.md and the bundle's help.json): output that does not depend on where it runs.
 */
export const HELP_WIDTH = 100;

/** The file of generated help texts beside the bundle's start-up file (scripts/bundle.mjs writes it). */
export const HELP_FILE = 'help.json';

/** Where help would be printed: a terminal of some width, or a pipe or file. */
export interface HelpOutput {
  isTTY?: boolean;
  columns?: number;
}

/**
 * The command whose help `argv` asks for, as its words after the program name (`''` for the
 * program): `--help`/`-h` after command words, or `help` before one. Undefined for anything else
 * (an option among the words, no help asked), which commander answers.
 */
export function helpTopic(argv: readonly string[]): string | undefined {
  if (argv.length === 0) return undefined;
  const last = argv[argv.length - 1];
  // `help` takes one command name (commander's `help config list` is the help of `config`).
  const words = argv[0] === 'help' ? (argv.length <= 2 ? argv.slice(1) : undefined) : last === '--help' || last === '-h' ? argv.slice(0, -1) : undefined;
  if (words === undefined || words.some((word) => word.startsWith('-'))) return undefined;
  return words.join(' ');
}

/**
 * What is answered before commander and the command wiring load: the version for `--version`
 * (`-V`) alone, else the generated help (`prebuiltHelp`), else undefined (the program runs).
 */
export function quickAnswer(argv: readonly string[], output: HelpOutput, env: Record<string, string | undefined>, dir: URL): string | undefined {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) return `${VERSION}\n`;
  return prebuiltHelp(argv, output, env, dir);
}

/**
 * The help text generated at build time for what `argv` asks, or undefined where commander must
 * render it: text for a terminal (fitted to its width), colour forced by the
 * environment, a topic that is no command, or a build without the generated file (the unbundled
 * modules).
 */
export function prebuiltHelp(argv: readonly string[], output: HelpOutput, env: Record<string, string | undefined>, dir: URL): string | undefined {
  const topic = helpTopic(argv);
  if (topic === undefined) return undefined;
  // A terminal gets help fitted to its width (io/fit-text.ts), which commander renders.
  if (output.isTTY) return undefined;
  if (env.FORCE_COLOR !== undefined || env.CLICOLOR_FORCE !== undefined) return undefined;
  let texts: Record<string, unknown>;
  try {
    texts = JSON.parse(readFileSync(new URL(HELP_FILE, dir), 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const text = Object.hasOwn(texts, topic) ? texts[topic] : undefined;
  return typeof text === 'string' ? text : undefined;
}
