import { Argument, InvalidArgumentError, Option, type Command, type OptionValues } from '@commander-js/extra-typings';
import { SCOPE_KEYS, type ScopeKey } from '../catalogue/events.js';
import { parseIntegerOption } from '../config/settings.js';
import { parsePort } from '../net/serve.js';

/**
 * What the value of an option or argument is. Completion reads it: event names for `event`,
 * file names for `file`, nothing for the rest (a URL or an id cannot be guessed).
 */
/** What a value is, for completion: `record` is a registry id, `id` a TagMango object's, `setting` a config key. */
export type ValueKind = 'event' | 'file' | 'url' | 'id' | 'record' | 'profile' | 'setting' | 'shell' | 'number' | 'text';

// Commander's Option and Argument have no field for this; the kinds live beside them, keyed by object.
const kinds = new WeakMap<object, ValueKind>();

/** The kind declared for an option or argument (`text` when none was). */
export function declaredKind(target: Option | Argument | object): ValueKind {
  return kinds.get(target) ?? 'text';
}

/** An option whose value is of `kind` (`--data <file|->` is a file). */
export function valueOption<Flags extends string>(flags: Flags, description: string, kind: ValueKind): Option<Flags> {
  const option = new Option(flags, description);
  kinds.set(option, kind);
  return option;
}

/** A positional argument whose value is of `kind` (`<event>` is an event name). */
export function valueArgument<Name extends string>(name: Name, description: string, kind: ValueKind): Argument<Name> {
  const argument = new Argument(name, description);
  kinds.set(argument, kind);
  return argument;
}

/** The long name of an option's flags: `--concurrency` of `--concurrency <n>`. */
function longName(flags: string): string {
  return /--[\w-]+/.exec(flags)?.[0] ?? flags;
}

/** A whole-number option checked while argv is parsed, so `run` gets a number. */
export function integerOption<Flags extends string>(flags: Flags, description: string, bounds: { min: number; max: number; unit: string }) {
  return valueOption(flags, description, 'number').argParser((raw: string) => parseIntegerOption(raw, longName(flags), bounds.min, bounds.max, bounds.unit));
}

/** `--port <n>`: 0 to 65535, as a number. */
export function portOption(description: string, port: number) {
  return valueOption('--port <n>', description, 'number').argParser(parsePort).default(port);
}

/** Collect a repeatable option; commas separate several values too. An empty value is refused: it would widen the scope to all. */
export function collectIds(value: string, previous: string[] = []): string[] {
  const values = value.split(',').filter((v) => v.trim() !== '');
  if (values.length === 0) throw new InvalidArgumentError('An id cannot be empty (leave the option out to register for all).');
  return [...previous, ...values];
}

/** Ids given per scope key (`--course a --course b`), as the scope options parse them. */
export type ScopeFlags<Value> = Partial<Record<ScopeKey, Value>>;

/** One `--<key> <id>` option per scope key of the catalogue, each repeatable (`string[]`). */
export function withScopeIdLists<A extends unknown[], O extends OptionValues, G extends OptionValues>(
  command: Command<A, O, G>,
  describe: (key: ScopeKey) => string,
): Command<A, O & ScopeFlags<string[]>, G> {
  for (const key of SCOPE_KEYS) command.addOption(valueOption(`--${key} <id>`, describe(key), 'id').argParser(collectIds));
  return command as unknown as Command<A, O & ScopeFlags<string[]>, G>;
}

/** One `--<key> <id>` option per scope key of the catalogue, each taking one id (`string`). */
export function withScopeIds<A extends unknown[], O extends OptionValues, G extends OptionValues>(
  command: Command<A, O, G>,
  describe: (key: ScopeKey) => string,
): Command<A, O & ScopeFlags<string>, G> {
  for (const key of SCOPE_KEYS) command.addOption(valueOption(`--${key} <id>`, describe(key), 'id'));
  return command as unknown as Command<A, O & ScopeFlags<string>, G>;
}
