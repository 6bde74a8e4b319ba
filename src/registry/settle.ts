import { UsageError } from '../errors.js';
import { canMove, moveRecord } from './lifecycle.js';
import type { RecordStatus } from './statuses.js';
import { activeRecordOf } from './queries.js';
import { RECORD_ID, type RegistryData, type RegistryRecord } from './schema.js';

/** What `resolve` did to one record. */
export interface Settlement {
  id: string;
  from: RecordStatus;
  to: RecordStatus;
  /** Set when an `--exists` record turned out to be a second webhook for a registration already active. */
  duplicateOf?: string;
  record: RegistryRecord;
}

/**
 * Inside a registry transaction: settle records as the TagMango dashboard shows them. `exists`
 * makes an unknown record active (or a possible duplicate when the registration is already
 * active); `absent` retires an unknown or duplicate record. Any id that cannot be settled refuses
 * the whole change (a usage error, nothing written).
 */
export function settleRecords(data: RegistryData, ids: readonly string[], found: 'exists' | 'absent', stamp: string, file: string): Settlement[] {
  const bad = ids.filter((id) => !RECORD_ID.test(id) || !data.subscriptions.some((r) => r.id === id));
  if (bad.length > 0) {
    throw new UsageError(
      `No record with id ${bad.map((id) => JSON.stringify(id)).join(', ')} in the registry ${file}.`,
      'See the ids with: tagmango-hooks list --all',
      'UNKNOWN_ID',
    );
  }
  // Planned in order, as if resolved one after the other: a record an earlier id makes active counts as active.
  const becameActive = new Set<string>();
  const plans = ids.map((id) => {
    const p = plan(data, data.subscriptions.find((r) => r.id === id) as RegistryRecord, found, becameActive);
    if ('to' in p && p.to === 'active') becameActive.add(p.id);
    return p;
  });
  const refused = plans.find((p): p is { refused: string } => 'refused' in p);
  if (refused) throw new UsageError(refused.refused, 'Only records whose outcome is unknown (or possible duplicates, with --absent) can be settled; see them with: tagmango-hooks list', 'NOT_UNKNOWN');
  return (plans as Settlement[]).map((s) => {
    if (s.from !== s.to) {
      moveRecord(s.record, s.to, stamp);
      if (s.duplicateOf) s.record.duplicateOf = s.duplicateOf;
      s.record.note = s.to === 'absent' ? 'Settled by resolve --absent: not in the TagMango dashboard.' : 'Settled by resolve --exists: found in the TagMango dashboard.';
    }
    return s;
  });
}

function plan(data: RegistryData, record: RegistryRecord, found: 'exists' | 'absent', becameActive: ReadonlySet<string>): Settlement | { refused: string } {
  const base = { id: record.id, from: record.status, record };
  if (found === 'absent') {
    if (record.status === 'absent') return { ...base, to: 'absent' };
    if (canMove(record.status, 'absent')) return { ...base, to: 'absent' };
    return { refused: refusal(record, '--absent') };
  }
  if (record.status === 'active') return { ...base, to: 'active' };
  if (record.status !== 'unknown') return { refused: refusal(record, '--exists') };
  const active = activeRecordOf(data.subscriptions.filter((r) => r.id !== record.id), record, becameActive);
  return active ? { ...base, to: 'duplicate', duplicateOf: active.id } : { ...base, to: 'active' };
}

function refusal(record: RegistryRecord, flag: string): string {
  const why: Partial<Record<RecordStatus, string>> = {
    pending: 'is being registered by a run that is still going',
    active: 'is active; if the webhook was removed in the dashboard, use: tagmango-hooks forget',
    duplicate: `is already a possible duplicate of ${record.duplicateOf ?? 'another record'}; once one of the two is removed in the dashboard, use --absent`,
  };
  return `Cannot mark ${record.id} ${flag.slice(2)}: it ${why[record.status] ?? `is ${record.status}, which is settled already`}.`;
}
