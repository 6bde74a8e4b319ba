import { resolveHint, stateOfSame } from '../registry/lifecycle.js';
import { RegistryStore, type JournalLog } from '../registry/store.js';
import { identityKey, type RecordIdentity } from '../registry/identity.js';
import type { RegistryData, RegistryRecord } from '../registry/schema.js';
import type { Registration } from '../tagmango/registration.js';
import type { RecordIndex } from './record-index.js';
import type { ResultRow } from './types.js';

/**
 * One `planned` row per item, except repeats of an earlier item of the same batch, which are
 * `skipped`; `todo` lists the indexes of the items to send, in order.
 */
export function splitBatch(
  items: readonly Registration[],
  identityOf: (item: Registration) => RecordIdentity,
): { rows: ResultRow[]; todo: number[] } {
  const rows: ResultRow[] = items.map(plannedRow);
  // The first item of each identity, by the identity without its scope id, then by that id: a
  // batch's items mostly share the rest, so an item costs a Map entry, not a key string of its own.
  const seen = new Map<string, Map<string | null, number>>();
  const todo: number[] = [];
  items.forEach((item, index) => {
    const identity = identityOf(item);
    const rest = identityKey({ ...identity, scope: identity.scope ? { key: identity.scope.key, id: '' } : null });
    let byId = seen.get(rest);
    if (!byId) seen.set(rest, (byId = new Map()));
    const id = identity.scope?.id ?? null;
    const first = byId.get(id);
    if (first === undefined) {
      byId.set(id, index);
      todo.push(index);
    } else Object.assign(rows[index] as ResultRow, { status: 'skipped', reason: `Same registration as item ${first + 1} of this run.` });
  });
  return { rows, todo };
}

/**
 * A `planned` row for an item, built field by field: rows spread from their items got a hidden
 * class each in V8 (about 250 bytes per row of a long run).
 */
function plannedRow(item: Registration): ResultRow {
  const { hookUrl, event, scope, hookUrlTemplate } = item;
  return hookUrlTemplate === undefined
    ? { hookUrl, event, scope, status: 'planned', id: null }
    : ({ hookUrl, event, scope, hookUrlTemplate, status: 'planned', id: null } as ResultRow);
}

/** Why an item another live run has claimed is not sent. */
export const BUSY_REASON = 'Another run is registering it right now.';

/**
 * What the registry's answer means for sending an item: undefined to send it, or the row that
 * reports why not. One rule for subscribe, its dry run and migrate.
 */
export function verdictFor(same: readonly RegistryRecord[], force: boolean): Pick<ResultRow, 'status' | 'id' | 'reason' | 'error'> | undefined {
  const state = stateOfSame(same);
  switch (state.kind) {
    case 'none':
      return undefined;
    case 'active':
      return force ? undefined : { status: 'skipped', id: state.record.id, reason: 'Already registered (use --force to register again).' };
    case 'pending':
      return { status: 'skipped', id: state.record.id, reason: BUSY_REASON };
    case 'unknown': {
      if (force) return undefined;
      const ids = state.all.map((r) => r.id);
      const message = `An earlier attempt (${ids.join(', ')}) has no known outcome: it may or may not exist at TagMango.`;
      return { status: 'unknown', id: state.record.id, reason: resolveHint(ids), error: { code: 'OUTCOME_UNKNOWN', message } };
    }
  }
}

/**
 * How many items a run claims beyond the ones in flight, so that a free slot finds its next item
 * already claimed and durable. A run killed by SIGKILL leaves at most `concurrency` plus this
 * many records `unknown` (the ones in flight, and claimed ones it had not sent yet).
 */
export function claimAhead(concurrency: number): number {
  return Math.max(2, Math.ceil(concurrency / 4));
}

/** Inside a transaction: add a `pending` record for the item (a claim naming this run), or say why it is not sent. */
export function claim(
  data: RegistryData,
  log: JournalLog,
  index: RecordIndex,
  registry: RegistryStore,
  identity: RecordIdentity & { hookUrlTemplate?: string | undefined },
  force: boolean,
): { id: string } | Pick<ResultRow, 'status' | 'id' | 'reason' | 'error'> {
  // A claim read earlier in this run may belong to a run that has ended since.
  registry.markOrphans(index.sameAs(identity));
  const verdict = verdictFor(index.sameAs(identity), force);
  if (verdict) return verdict;
  const stamp = registry.timestamp();
  let id: string;
  do id = RegistryStore.newId();
  while (index.has(id));
  const { apiUrl, profile, event, hookUrl, scope, hookUrlTemplate } = identity;
  const owner = { ...registry.processes.self, heartbeat: stamp };
  const record: RegistryRecord = { id, apiUrl, profile, event, hookUrl, ...(hookUrlTemplate ? { hookUrlTemplate } : {}), scope, status: 'pending', createdAt: stamp, updatedAt: stamp, owner };
  data.subscriptions.push(record);
  index.add(record);
  log.put(record);
  return { id };
}
