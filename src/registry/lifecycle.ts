import { identityKey, type RecordIdentity } from './identity.js';
import type { RegistryRecord } from './schema.js';
import type { RecordStatus } from './statuses.js';

/**
 * The lifecycle of a registry record, in one place:
 *
 *   pending -> active | failed | unknown        (the answer to the request, or a run that died)
 *   unknown -> active | absent                  (resolve --exists / --absent)
 *   unknown -> duplicate                        (a --force run registered it again: possible duplicate)
 *   duplicate -> absent                         (resolve --absent, once removed from the dashboard)
 *   active  -> migrated | forgotten
 *
 * absent, migrated and forgotten are final and kept for the audit trail. failed is final too, but
 * a failed claim is dropped from the file: nothing exists at TagMango, so there is nothing to remember.
 *
 * Every allowed move; anything else is refused.
 */
export const TRANSITIONS: Readonly<Record<RecordStatus, readonly RecordStatus[]>> = {
  pending: ['active', 'failed', 'unknown'],
  unknown: ['active', 'absent', 'duplicate'],
  duplicate: ['absent'],
  active: ['migrated', 'forgotten'],
  // Stryker disable ArrayDeclaration: a final state's list filled with a string that is no state still allows no move.
  failed: [],
  absent: [],
  migrated: [],
  forgotten: [],
  // Stryker restore ArrayDeclaration
};

/**
 * How far along its lifecycle each state is, for merging two copies of one record (registry
 * merge): every move above goes forward in this order. States no move joins are ordered so that
 * the copy saying "may exist at TagMango" wins over "does not": unknown over failed, active over
 * absent or duplicate (two machines that settled one record differently send nothing again).
 */
export const LIFECYCLE_ORDER: readonly RecordStatus[] = ['pending', 'failed', 'unknown', 'duplicate', 'absent', 'active', 'forgotten', 'migrated'];

/** Negative when `a` is earlier in the lifecycle than `b`, positive when later, 0 for the same state. */
export function compareLifecycle(a: RecordStatus, b: RecordStatus): number {
  return LIFECYCLE_ORDER.indexOf(a) - LIFECYCLE_ORDER.indexOf(b);
}

/** Whether a record may move from one state to another. */
export function canMove(from: RecordStatus, to: RecordStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** A move the lifecycle does not allow (a defect in the caller, or a record another run changed). */
export class TransitionError extends Error {
  constructor(
    readonly record: string,
    readonly from: RecordStatus,
    readonly to: RecordStatus,
  ) {
    super(`Record ${record} cannot go from ${from} to ${to}.`);
  }
}

/** Move a record to a new state, or throw TransitionError; a record that leaves `pending` drops its claim. */
export function moveRecord(record: RegistryRecord, to: RecordStatus, stamp: string): void {
  if (!canMove(record.status, to)) throw new TransitionError(record.id, record.status, to);
  record.status = to;
  record.updatedAt = stamp;
  delete record.owner;
}

/**
 * A claim whose run died before TagMango answered: `pending -> unknown`, the claim dropped. Its
 * `updatedAt` stays the dead run's: reading a registry marks orphans, and a read changes no time.
 */
export function markOrphaned(record: RegistryRecord): void {
  if (!canMove(record.status, 'unknown')) throw new TransitionError(record.id, record.status, 'unknown');
  record.status = 'unknown';
  record.note = 'The run that was registering it stopped before TagMango answered.';
  delete record.owner;
}

/** What the registry says about one registration (API URL, profile, event, hook URL, scope). */
export type RegistrationState =
  | { kind: 'none' }
  /** Registered: never send again without --force. */
  | { kind: 'active'; record: RegistryRecord }
  /** A live run is registering it right now: never send. */
  | { kind: 'pending'; record: RegistryRecord }
  /** It may or may not exist: send nothing until `resolve` settles it (or --force). */
  | { kind: 'unknown'; record: RegistryRecord; all: RegistryRecord[] };

/**
 * The one answer every command uses. `records` may hold any records; only those of `identity`
 * count. An active record always wins, then a live claim, then an unsettled outcome.
 */
export function registrationState(records: readonly RegistryRecord[], identity: RecordIdentity): RegistrationState {
  const key = identityKey(identity);
  return stateOfSame(records.filter((r) => identityKey(r) === key));
}

/** As registrationState, for records already known to share one identity (an index's bucket). */
export function stateOfSame(same: readonly RegistryRecord[]): RegistrationState {
  const active = same.find((r) => r.status === 'active');
  if (active) return { kind: 'active', record: active };
  const pending = same.find((r) => r.status === 'pending');
  if (pending) return { kind: 'pending', record: pending };
  const unknown = same.filter((r) => r.status === 'unknown');
  if (unknown.length > 0) return { kind: 'unknown', record: unknown[0] as RegistryRecord, all: unknown };
  return { kind: 'none' };
}

/** What the registry says about every registration its records name (one state per registration, via stateOfSame). */
export function registrationStates(records: readonly RegistryRecord[]): RegistrationState[] {
  const groups = new Map<string, RegistryRecord[]>();
  for (const r of records) {
    const key = identityKey(r);
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.values()].map(stateOfSame);
}

/** Ids of the unknown records that still need settling: those of registrations that have no active record. */
export function unsettledIds(records: readonly RegistryRecord[]): string[] {
  // Only registrations with an unknown record can be unsettled: the others are not grouped.
  // Stryker disable next-line MethodExpression,ConditionalExpression: grouping every record gives the same answer, slower.
  const keys = new Set(records.filter((r) => r.status === 'unknown').map(identityKey));
  // Stryker disable next-line ConditionalExpression: without it, no record is grouped and the answer is empty all the same.
  if (keys.size === 0) return [];
  // Stryker disable next-line MethodExpression: grouping every record gives the same answer, slower.
  return registrationStates(records.filter((r) => keys.has(identityKey(r)))).flatMap((s) => (s.kind === 'unknown' ? s.all.map((r) => r.id) : []));
}

/** Whether a record counts as a webhook at TagMango (whoami's counts, list's default view). */
export function isWebhook(record: RegistryRecord): boolean {
  return record.status === 'active';
}

/** Records `list` shows without --all: registered, being registered, or waiting to be settled. */
export function isCurrent(record: RegistryRecord): boolean {
  return record.status === 'active' || record.status === 'pending' || record.status === 'unknown' || record.status === 'duplicate';
}

/** The hint that tells how to settle unknown records. */
export function resolveHint(ids: readonly string[]): string {
  const list = ids.length > 0 ? ids.join(' ') : '<id>';
  return `Check the TagMango dashboard, then run: tagmango-hooks resolve ${list} --exists (it is there) or --absent (it is not).`;
}
