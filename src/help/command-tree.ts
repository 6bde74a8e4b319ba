import type { Argument, CommandUnknownOpts as Command, Option } from '@commander-js/extra-typings';
import { declaredKind, type ValueKind } from '../commands/define.js';
import { HELP_WIDTH } from './prebuilt.js';

/** One option of a command as help, completion and docs see it. */
export interface OptionSpec {
  readonly flags: string;
  readonly long: string | undefined;
  readonly short: string | undefined;
  readonly description: string;
  /** True when the option is followed by a value (`--event <type>`). */
  readonly takesValue: boolean;
  readonly defaultValue: unknown;
  /** What the value is, as the command declared it (completion offers events and files). */
  readonly kind: ValueKind;
}

/** One positional argument of a command. */
export interface ArgumentSpec {
  readonly name: string;
  readonly required: boolean;
  readonly variadic: boolean;
  readonly description: string;
  /** What the value is, as the command declared it. */
  readonly kind: ValueKind;
}

/** A command of the program, read from its commander definition. */
export interface CommandSpec {
  readonly name: string;
  /** Words after the program name that select this command (empty for the program itself). */
  readonly path: readonly string[];
  readonly description: string;
  readonly arguments: readonly ArgumentSpec[];
  readonly options: readonly OptionSpec[];
  /** Lines of the "Examples:" block of its --help, without the `$ ` prompt. */
  readonly examples: readonly string[];
  /** The full --help text, as a user sees it without colour at a fixed width. */
  readonly help: string;
  readonly subcommands: readonly CommandSpec[];
  /** True for commander's built-in `help [command]`. */
  readonly builtInHelp: boolean;
}


/** Walk a commander program (or command) into plain data. */
export function describeCommand(command: Command, path: readonly string[] = []): CommandSpec {
  const subcommands = command.commands.map((sub) => describeCommand(sub, [...path, sub.name()]));
  const helpCommand = builtInHelpCommand(command);
  if (helpCommand) subcommands.push({ ...describeCommand(helpCommand, [...path, helpCommand.name()]), builtInHelp: true });
  const help = captureHelp(command);
  return {
    name: command.name(),
    path,
    description: command.description(),
    arguments: command.registeredArguments.map(describeArgument),
    options: command.options.filter((o) => !o.hidden).map(describeOption),
    examples: examplesIn(help),
    help,
    subcommands,
    builtInHelp: false,
  };
}

/** Every command below (and including) `spec`, depth first. */
export function flattenCommands(spec: CommandSpec): CommandSpec[] {
  return [spec, ...spec.subcommands.flatMap(flattenCommands)];
}

/** The examples of a help text: the `$ ` lines after "Examples:". */
export function examplesIn(help: string): string[] {
  const start = help.indexOf('\nExamples:\n');
  if (start < 0) return [];
  const lines = help.slice(start + '\nExamples:\n'.length).split('\n');
  const examples: string[] = [];
  for (const line of lines) {
    const match = /^\s+\$ (.+)$/.exec(line);
    if (!match) break;
    examples.push(match[1] ?? '');
  }
  return examples;
}

function describeOption(option: Option): OptionSpec {
  return {
    flags: option.flags,
    long: option.long,
    short: option.short,
    description: option.description,
    takesValue: option.required || option.optional,
    defaultValue: option.defaultValue,
    kind: declaredKind(option),
  };
}

function describeArgument(argument: Argument): ArgumentSpec {
  return { name: argument.name(), required: argument.required, variadic: argument.variadic, description: argument.description, kind: declaredKind(argument) };
}

/** Commander creates `help [command]` lazily for programs with subcommands: its help lists it, `.commands` does not. */
function builtInHelpCommand(command: Command): Command | undefined {
  return command.createHelp().visibleCommands(command).find((listed) => !command.commands.includes(listed));
}

/** Render --help into a string (including text added with addHelpText), leaving the command as it was. */
function captureHelp(command: Command): string {
  const saved = command.configureOutput();
  let text = '';
  command.configureOutput({
    writeOut: (chunk) => (text += chunk),
    writeErr: (chunk) => (text += chunk),
    getOutHelpWidth: () => HELP_WIDTH,
    getOutHasColors: () => false,
  });
  try {
    command.outputHelp();
  } finally {
    command.configureOutput(saved);
  }
  return text;
}
