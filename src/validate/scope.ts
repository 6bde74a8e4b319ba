import { quoteInput } from './quote.js';
import { SCOPE_KEYS, type EventInfo } from '../catalogue/events.js';
import { UsageError } from '../errors.js';
import type { Scope } from '../tagmango/registration.js';

const OBJECT_ID = /^[0-9a-f]{24}$/;

/** A TagMango id: a 24-hex MongoDB ObjectId, normalised to lower case. */
export function parseObjectId(raw: string, key: string, where = ''): string {
  const id = raw.trim().toLowerCase();
  if (!OBJECT_ID.test(id)) {
    throw new UsageError(
      `The ${key} id ${quoteInput(raw)}${where} is not a TagMango id (24 hexadecimal characters, such as 634fc35ddaf58580e2418c40).`,
      `Copy the id from the ${key}'s URL in the TagMango dashboard.`,
      'INVALID_ID',
    );
  }
  return id;
}

/** Ids given per scope key (`--course a --course b`, or one row's column). */
export type ScopeIds = Partial<Record<string, readonly string[] | undefined>>;

/**
 * Turn the ids given per scope key into the scopes to register: one per id, or a single null
 * (all objects) when none is given. Only one key may be used, and it must fit the event.
 */
export function parseScopes(event: { name: string; info: EventInfo | undefined }, given: ScopeIds, where = ''): (Scope | null)[] {
  const used = SCOPE_KEYS.filter((key) => (given[key]?.length ?? 0) > 0);
  if (used.length === 0) return [null];
  if (used.length > 1) {
    throw new UsageError(`Only one scope key may be given${where}, not ${used.join(' and ')}.`, 'A registration is scoped to one kind of object; register the others separately.', 'INVALID_SCOPE');
  }
  const key = used[0] as string;
  if (event.info) {
    const expected = event.info.scopeKey;
    if (expected === null) {
      throw new UsageError(`Event ${event.name} takes no scope, but --${key} was given${where}.`, `Remove --${key}: ${event.name} covers the whole account.`, 'INVALID_SCOPE');
    }
    if (expected !== key) {
      throw new UsageError(`Event ${event.name} is scoped by --${expected}, not --${key}${where}.`, `Use --${expected} <id>, or leave it out for all.`, 'INVALID_SCOPE');
    }
  }
  const ids = [...new Set((given[key] ?? []).map((raw) => parseObjectId(raw, key, where)))];
  return ids.map((id) => ({ key, id }));
}
