import { identityKey, type RecordIdentity } from './identity.js';
import type { RegistryRecord } from './schema.js';
import { sameHookUrl as sameEndpoint } from './hook-url-identity.js';

/** Whose records: one profile at one API URL. */
export interface RecordOwner {
  profile: string;
  apiUrl: string;
}

/** The records of one profile at one API URL, in registry order: what list, whoami and migrate look at. */
export function recordsOf<T extends RegistryRecord>(records: readonly T[], owner: RecordOwner): T[] {
  return records.filter((r) => isOwnedBy(r, owner));
}

/** Whether a record belongs to one profile at one API URL. */
export function isOwnedBy(record: RecordOwner, owner: RecordOwner): boolean {
  return record.profile === owner.profile && record.apiUrl === owner.apiUrl;
}

/**
 * The active record of an identity, or undefined. `alsoActive` names records that count as active
 * although the file does not say so yet (resolve settles ids in order, one after the other).
 */
export function activeRecordOf<T extends RegistryRecord>(records: readonly T[], identity: RecordIdentity, alsoActive?: ReadonlySet<string>): T | undefined {
  const key = identityKey(identity);
  return records.find((r) => (r.status === 'active' || alsoActive?.has(r.id) === true) && identityKey(r) === key);
}

/** Whether a stored hook URL is the endpoint a user typed (hook-url-identity.ts holds the rule). */
export function sameHookUrl(stored: string, given: string): boolean {
  return sameEndpoint(stored, given.trim());
}
