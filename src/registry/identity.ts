import { hookUrlIdentity } from './hook-url-identity.js';

/** The fields that make two registrations the same webhook at TagMango. */
export interface RecordIdentity {
  apiUrl: string;
  profile: string;
  event: string;
  hookUrl: string;
  scope: { key: string; id: string } | null;
}

/** A stable string key for a record identity (hook URLs compared as endpoints: hookUrlIdentity). */
export function identityKey(r: RecordIdentity): string {
  return JSON.stringify([r.apiUrl, r.profile, r.event, hookUrlIdentity(r.hookUrl), r.scope?.key ?? null, r.scope?.id ?? null]);
}

/** The identity's fields in key order (no scope reads as null). */
function field(r: RecordIdentity, level: number): string | null {
  switch (level) {
    case 0:
      return r.apiUrl;
    case 1:
      return r.profile;
    case 2:
      return r.event;
    case 3:
      return hookUrlIdentity(r.hookUrl);
    case 4:
      return r.scope?.key ?? null;
    default:
      return r.scope?.id ?? null;
  }
}

const LEVELS = 6;

type Level = Map<string | null, unknown>;

/**
 * Records grouped by identity, for registries of tens of thousands of records: one Map level per
 * field, so an entry costs no key string of its own (an identityKey is about 150 bytes, as much
 * as the rest of a record) and a lookup builds none.
 */
export class IdentityGroups<T extends RecordIdentity = RecordIdentity> {
  private readonly root: Level = new Map();

  /** The records of this identity, in the order they were added. */
  get(identity: RecordIdentity): readonly T[] {
    const found = this.leaf(identity)?.get(field(identity, LEVELS - 1)) as T | T[] | undefined;
    if (found === undefined) return NONE;
    return Array.isArray(found) ? found : [found];
  }

  /** Add a record to its identity's group. */
  add(record: T): void {
    let level = this.root;
    for (let i = 0; i < LEVELS - 1; i++) {
      const key = field(record, i);
      let next = level.get(key) as Level | undefined;
      if (!next) level.set(key, (next = new Map()));
      level = next;
    }
    // Most identities have one record: it is kept as it is, a list only from the second on.
    // Stryker disable next-line ArithmeticOperator: field() reads the scope id at every level from the last on.
    const key = field(record, LEVELS - 1);
    const found = level.get(key) as T | T[] | undefined;
    if (found === undefined) level.set(key, record);
    else if (Array.isArray(found)) found.push(record);
    else level.set(key, [found, record]);
  }

  /** Remove a record from its identity's group. */
  remove(record: T): void {
    const level = this.leaf(record);
    // Stryker disable next-line ArithmeticOperator: field() reads the scope id at every level from the last on.
    const key = field(record, LEVELS - 1);
    const found = level?.get(key) as T | T[] | undefined;
    // Stryker disable next-line OptionalChaining: the record was found in that level, so the level exists.
    if (found === record) level?.delete(key);
    else if (Array.isArray(found) && found.includes(record)) found.splice(found.indexOf(record), 1);
  }

  /** The innermost Map level of an identity, if any record has its other fields. */
  private leaf(identity: RecordIdentity): Level | undefined {
    let level: Level | undefined = this.root;
    for (let i = 0; i < LEVELS - 1 && level; i++) level = level.get(field(identity, i)) as Level | undefined;
    return level;
  }
}

const NONE: readonly never[] = Object.freeze([]);
