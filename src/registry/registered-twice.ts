import { identityKey } from './identity.js';
import type { RegistryRecord } from './schema.js';

/** Active records of one registration under different ids: one webhook TagMango has twice. */
export interface RegisteredTwice {
  /** The records, oldest first. */
  records: RegistryRecord[];
}

/**
 * Registrations with more than one `active` record (two machines each registered it, or a
 * --force run did), in the order their first record appears.
 */
export function registeredTwice(records: readonly RegistryRecord[]): RegisteredTwice[] {
  const groups = new Map<string, RegistryRecord[]>();
  for (const r of records) {
    if (r.status !== 'active') continue;
    const key = identityKey(r);
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.values()].filter((list) => list.length > 1).map((list) => ({ records: list }));
}

/** What to do about one: remove all but one webhook in the dashboard, then forget their records. */
export function registeredTwiceHint(group: RegisteredTwice): string {
  const [keep, ...extra] = group.records.map((r) => r.id);
  return `In the TagMango dashboard (Platform Integrations), remove ${extra.length === 1 ? 'one of the two webhooks' : `${extra.length} of the ${extra.length + 1} webhooks`}, then run: tagmango-hooks forget ${extra.join(' ')} (keeping ${keep ?? '?'}).`;
}
