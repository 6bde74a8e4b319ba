import { stateOfSame } from '../registry/lifecycle.js';
import { IdentityGroups, type RecordIdentity } from '../registry/identity.js';
import type { RegistryData, RegistryRecord } from '../registry/schema.js';
import type { Registration } from '../tagmango/registration.js';
import { splitBatch, verdictFor } from './claims.js';
import type { ResultRow } from './types.js';

/** What importing needs besides the records: whose they are, the time, and fresh ids. */
export interface ImportContext {
  apiUrl: string;
  profile: string;
  stamp: string;
  newId: (taken: ReadonlySet<string>) => string;
}

/**
 * Inside a registry transaction: record each item as an `active`, `external` webhook without any
 * request. The registry's answer for an item decides as for `subscribe` (one rule: verdictFor):
 * one already active or being registered is `skipped`, one with an unsettled outcome `unknown`.
 */
export function importRegistrations(data: RegistryData, items: readonly Registration[], context: ImportContext): ResultRow[] {
  const identityOf = (item: Registration): RecordIdentity => ({ apiUrl: context.apiUrl, profile: context.profile, ...item });
  const { rows, todo } = splitBatch(items, identityOf);
  const byIdentity = new IdentityGroups<RegistryRecord>();
  for (const record of data.subscriptions) byIdentity.add(record);
  const taken = new Set(data.subscriptions.map((r) => r.id));
  for (const index of todo) {
    const item = items[index] as Registration;
    const row = rows[index] as ResultRow;
    const same = byIdentity.get(identityOf(item));
    // Already active: nothing to record (subscribe's reason names --force, which import uses for overlaps).
    const verdict = stateOfSame(same).kind === 'active' ? { ...verdictFor(same, false), reason: 'Already in the registry.' } : verdictFor(same, false);
    if (verdict) {
      Object.assign(row, verdict);
      continue;
    }
    const id = context.newId(taken);
    taken.add(id);
    const { hookUrl, event, scope, hookUrlTemplate } = item;
    const record: RegistryRecord = {
      id,
      apiUrl: context.apiUrl,
      profile: context.profile,
      event,
      hookUrl,
      ...(hookUrlTemplate ? { hookUrlTemplate } : {}),
      scope,
      status: 'active',
      createdAt: context.stamp,
      updatedAt: context.stamp,
      note: 'Registered outside tagmango-hooks; recorded by import without a request.',
      external: true,
    };
    data.subscriptions.push(record);
    byIdentity.add(record);
    Object.assign(row, { status: 'imported', id, reason: 'Recorded as registered; nothing was sent.' });
  }
  return rows;
}
