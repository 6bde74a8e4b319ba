import type { ArgumentSpec, CommandSpec, OptionSpec } from '../help/command-tree.js';

/** What can follow a command: its subcommands, options and argument values. */
export interface CompletionEntry {
  /** Words after the program name, joined by spaces ('' for the program itself). */
  readonly path: string;
  readonly commands: readonly { name: string; description: string }[];
  /** Options valid here: the command's own and those of every ancestor (commander accepts both). */
  readonly options: readonly OptionSpec[];
  /** Option words (`--event`, `-x`) that take a value. */
  readonly valueOptions: readonly string[];
  /** Option words whose value is an event type. */
  readonly eventOptions: readonly string[];
  /** Option words whose value is a file. */
  readonly fileOptions: readonly string[];
  /** Option words whose value is a stored profile's name. */
  readonly profileOptions: readonly string[];
  /**
   * Words offered for positional arguments, by 1-based position; `variadic` repeats the last.
   * `source` names words only the user's files know (profiles, registry ids): the script asks
   * `tagmango-hooks completion --words <source>` for them when completing.
   */
  readonly args: readonly { position: number; variadic: boolean; words: readonly string[]; source?: WordSource }[];
}

/** Words read from the user's config or registry at completion time. */
export type WordSource = 'profile' | 'record';

/** Fixed words by the kind of value they complete: events from the catalogue, shells, config keys. */
export interface StaticWords {
  event: readonly string[];
  shell: readonly string[];
  setting: readonly string[];
}

/** The help option commander adds to every command; it is not among `.options`. */
export const HELP_OPTION: OptionSpec = {
  flags: '-h, --help',
  long: '--help',
  short: '-h',
  description: 'display help for command',
  takesValue: false,
  defaultValue: undefined,
  kind: 'text',
};

/** An option whose value is an event type, as its command declared (`--event <type>`). */
export function isEventOption(option: OptionSpec): boolean {
  return option.kind === 'event';
}

/** How a value completes: event names, file names, profile names, or nothing (a URL, an id or a number cannot be guessed). */
export type CompletionKind = 'event' | 'file' | 'profile' | 'other';

/** How an option's value completes, from the kind its command declared (`--path <path>` is an HTTP path, not a file). */
export function valueKind(option: OptionSpec): CompletionKind {
  return option.kind === 'event' || option.kind === 'file' || option.kind === 'profile' ? option.kind : 'other';
}

/** A positional argument that names an event, as its command declared (`<event>`, `[type]`). */
export function isEventArgument(argument: ArgumentSpec): boolean {
  return argument.kind === 'event';
}

/** Flatten the program into completion entries, one per command path. */
export function completionEntries(program: CommandSpec, fixed: StaticWords): CompletionEntry[] {
  const topLevel = program.subcommands.filter((c) => !c.builtInHelp).map((c) => c.name);
  const entries: CompletionEntry[] = [];
  const visit = (spec: CommandSpec, inherited: readonly OptionSpec[]): void => {
    const options = [...spec.options, ...inherited.filter((o) => !spec.options.some((own) => own.long === o.long))];
    const words = (o: OptionSpec): string[] => [o.long, o.short].filter((w): w is string => Boolean(w));
    entries.push({
      path: spec.path.join(' '),
      commands: spec.subcommands.map((c) => ({ name: c.name, description: c.description })),
      options: [...options, HELP_OPTION],
      valueOptions: options.filter((o) => o.takesValue).flatMap(words),
      eventOptions: options.filter((o) => o.takesValue && valueKind(o) === 'event').flatMap(words),
      fileOptions: options.filter((o) => o.takesValue && valueKind(o) === 'file').flatMap(words),
      profileOptions: options.filter((o) => o.takesValue && valueKind(o) === 'profile').flatMap(words),
      args: spec.arguments.map((a, i) => ({
        position: i + 1,
        variadic: a.variadic,
        words: spec.builtInHelp ? topLevel : a.kind === 'event' || a.kind === 'shell' || a.kind === 'setting' ? fixed[a.kind] : [],
        ...(a.kind === 'profile' || a.kind === 'record' ? { source: a.kind } : {}),
      })),
    });
    for (const sub of spec.subcommands) visit(sub, options.filter((o) => o.long !== '--version'));
  };
  visit(program, []);
  return entries;
}
