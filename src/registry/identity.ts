/** The fields that make two registrations the same webhook at TagMango. */
export interface RecordIdentity {
  apiUrl: string;
  profile: string;
  event: string;
  hookUrl: string;
  scope: { key: string; id: string } | null;
}

/** A stable string key for a record identity. */
export function identityKey(r: RecordIdentity): string {
  return JSON.stringify([r.apiUrl, r.profile, r.event, r.hookUrl, r.scope?.key ?? null, r.scope?.id ?? null]);
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
      return r.hookUrl;
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
    let level: Level | undefined = this.root;
    for (let i = 0; i < LEVELS - 1 && level; i++) level = level.get(field(identity, i)) as Level | undefined;
    return ((level?.get(field(identity, LEVELS - 1)) as T[] | undefined) ?? NONE) as readonly T[];
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
    const key = field(record, LEVELS - 1);
    const list = level.get(key) as T[] | undefined;
    if (list) list.push(record);
    else level.set(key, [record]);
  }

  /** Remove a record from its identity's group. */
  remove(record: T): void {
    const list = this.get(record) as T[];
    const at = list.indexOf(record);
    if (at >= 0) list.splice(at, 1);
  }
}

const NONE: readonly never[] = Object.freeze([]);
