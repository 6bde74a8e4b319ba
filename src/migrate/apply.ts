import { canMove, moveRecord } from '../registry/lifecycle.js';
import { RegistryStore } from '../registry/store.js';
import { activeRecordOf } from '../registry/queries.js';
import type { RegistryData, RegistryRecord } from '../registry/schema.js';
import type { MigrationItem } from './plan.js';

/** Where records are written. */
interface Owner {
  apiUrl: string;
  profile: string;
}

/**
 * In one transaction: record webhooks named on the command line as `external` legacy records,
 * and mark legacy records whose successor is already registered as `migrated`. Returns the
 * legacy record ids of each item to send, in order: its own first, then the other records of
 * the same registration it replaces too.
 */
export async function prepareMigration(
  registry: RegistryStore,
  owner: Owner,
  toSend: readonly MigrationItem[],
  toLink: readonly MigrationItem[],
): Promise<string[][]> {
  return registry.update((data) => {
    const stamp = registry.timestamp();
    for (const item of toLink) {
      const legacy = legacyRecord(data, registry, owner, item, stamp);
      if (item.successor) linkRecords(data, legacy.id, item.successor.id, stamp);
    }
    return toSend.map((item) => [legacyRecord(data, registry, owner, item, stamp).id, ...(item.alsoReplaces ?? []).map((r) => r.id)]);
  });
}

/** Inside a transaction: mark the legacy record migrated and point both records at each other; returns the records changed. */
export function linkRecords(data: RegistryData, legacyId: string, successorId: string, stamp: string): RegistryRecord[] {
  const legacy = data.subscriptions.find((r) => r.id === legacyId);
  const successor = data.subscriptions.find((r) => r.id === successorId);
  const changed: RegistryRecord[] = [];
  if (legacy && canMove(legacy.status, 'migrated')) {
    moveRecord(legacy, 'migrated', stamp);
    legacy.migratedTo = successorId;
    changed.push(legacy);
  }
  if (successor && successor.migratedFrom === undefined) {
    successor.migratedFrom = legacyId;
    changed.push(successor);
  }
  return changed;
}

/** The item's legacy record as it is in `data` now, created as `external` when there is none. */
function legacyRecord(data: RegistryData, registry: RegistryStore, owner: Owner, item: MigrationItem, stamp: string): RegistryRecord {
  if (item.legacy) {
    const current = data.subscriptions.find((r) => r.id === item.legacy?.id);
    if (current) return current;
  }
  const same = activeRecordOf(data.subscriptions, { ...owner, ...item.from });
  if (same) return same;
  const record: RegistryRecord = {
    id: RegistryStore.newId(new Set(data.subscriptions.map((r) => r.id))),
    ...owner,
    ...item.from,
    status: 'active',
    createdAt: stamp,
    updatedAt: stamp,
    external: true,
    note: 'Registered outside this tool; recorded by migrate.',
  };
  data.subscriptions.push(record);
  return record;
}
