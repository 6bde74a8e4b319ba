import { IdentityGroups, type RecordIdentity } from '../registry/identity.js';
import type { RegistryData, RegistryRecord } from '../registry/schema.js';
import type { JournalLog } from '../registry/store.js';

/**
 * The registry's records by id and by identity, kept across the transactions of one bulk run so
 * that claiming an item does not scan every record. Rebuilt when the registry was reloaded or
 * changed by another run (the log's generation moved on).
 */
export class RecordIndex {
  private generation = Number.NaN;
  private byId = new Map<string, RegistryRecord>();
  private byIdentity = new IdentityGroups<RegistryRecord>();

  /** The index, current for the transaction `log` belongs to. */
  sync(data: RegistryData, log: JournalLog): this {
    if (log.generation === this.generation) return this;
    this.generation = log.generation;
    this.byId = new Map();
    this.byIdentity = new IdentityGroups();
    for (const record of data.subscriptions) this.add(record);
    return this;
  }

  /** The record with this id. */
  get(id: string): RegistryRecord | undefined {
    return this.byId.get(id);
  }

  /** Whether an id is taken. */
  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The records of this identity, oldest first. */
  sameAs(identity: RecordIdentity): readonly RegistryRecord[] {
    return this.byIdentity.get(identity);
  }

  /** A record just added to the registry. */
  add(record: RegistryRecord): void {
    this.byId.set(record.id, record);
    this.byIdentity.add(record);
  }

  /** A record just removed from the registry. */
  remove(record: RegistryRecord): void {
    this.byId.delete(record.id);
    this.byIdentity.remove(record);
  }
}
