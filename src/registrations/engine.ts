import type { Context } from '../context.js';
import { ExitCode, type CliError } from '../errors.js';
import { RegistryStore } from '../registry/store.js';
import { identityKey, type RegistryData, type RegistryRecord } from '../registry/schema.js';
import type { TagMangoClient } from '../tagmango/client.js';
import type { Registration } from '../tagmango/registration.js';
import { runPool } from './pool.js';
import type { ResultRow } from './types.js';

/** How a batch of registrations is run. */
export interface BatchOptions {
  apiUrl: string;
  profile: string;
  force: boolean;
  concurrency: number;
  /** Called inside the registry transaction that records a success (migrate links records here). */
  onCreated?: (data: RegistryData, created: RegistryRecord, index: number) => void;
  /** Called after each item settles. */
  onSettled?: (row: ResultRow) => void;
}

const LIVE = new Set(['active', 'pending', 'unknown']);

/**
 * Register a batch: claim each item in the registry first (a `pending` record of intent, so a
 * crash or a parallel run never sends it twice), send with bounded concurrency, then record each
 * outcome at once. Items already registered are skipped unless `force`.
 */
export async function registerBatch(
  ctx: Context,
  client: TagMangoClient,
  items: readonly Registration[],
  options: BatchOptions,
): Promise<ResultRow[]> {
  const registry = ctx.registry();
  const rows: ResultRow[] = items.map((item) => ({ ...item, status: 'planned', id: null }));
  const claimed: number[] = [];
  await registry.update((data) => {
    const live = new Map<string, RegistryRecord>();
    for (const r of data.subscriptions) if (LIVE.has(r.status)) live.set(identityKey(r), r);
    const taken = new Set(data.subscriptions.map((r) => r.id));
    items.forEach((item, index) => {
      const identity = { apiUrl: options.apiUrl, profile: options.profile, ...item };
      const key = identityKey(identity);
      const existing = live.get(key);
      const row = rows[index] as ResultRow;
      if (existing && (!options.force || existing.status === 'pending')) {
        Object.assign(row, skipped(existing));
        return;
      }
      const stamp = registry.timestamp();
      const record: RegistryRecord = { id: RegistryStore.newId(taken), ...identity, status: 'pending', owner: process.pid, createdAt: stamp, updatedAt: stamp };
      taken.add(record.id);
      data.subscriptions.push(record);
      live.set(key, record);
      row.id = record.id;
      claimed.push(index);
    });
  });

  let stopError: CliError | undefined;
  const finished = new Set<number>();
  const started = new Set<number>();
  // On Ctrl-C, release the claims not yet sent at once, so a second Ctrl-C leaves only true unknowns.
  let releasing: Promise<void> | undefined;
  const releaseUnstarted = (): void => {
    releasing = releaseClaims(registry, rows, claimed.filter((index) => !started.has(index))).catch(() => undefined);
  };
  ctx.deps.signal?.addEventListener('abort', releaseUnstarted, { once: true });
  await runPool(claimed, options.concurrency, ctx.deps.signal, async (index) => {
    started.add(index);
    if (stopError) return;
    const item = items[index] as Registration;
    const row = rows[index] as ResultRow;
    const outcome = await client.registerWebhook(item);
    await registry.update((data) => {
      const record = data.subscriptions.find((r) => r.id === row.id);
      if (!record) return;
      record.updatedAt = registry.timestamp();
      delete record.owner;
      if (outcome.status === 'created') {
        record.status = 'active';
        if (outcome.remoteId) record.remoteId = outcome.remoteId;
        record.response = outcome.response;
        options.onCreated?.(data, record, index);
      } else if (outcome.status === 'unknown') {
        record.status = 'unknown';
        record.note = outcome.error.message;
      } else {
        data.subscriptions.splice(data.subscriptions.indexOf(record), 1);
      }
    });
    finished.add(index);
    if (outcome.status === 'created') row.status = 'created';
    else {
      row.status = outcome.status;
      row.error = { code: outcome.error.code, message: outcome.error.message };
      if (outcome.status === 'failed') row.id = null;
      if (outcome.status === 'unknown') row.reason = 'It may or may not exist at TagMango; rerun with --force to register it again.';
      if (outcome.error.exitCode === ExitCode.auth) stopError = outcome.error;
    }
    options.onSettled?.(row);
  });

  ctx.deps.signal?.removeEventListener('abort', releaseUnstarted);
  await releasing;
  const unsent = claimed.filter((index) => !finished.has(index));
  if (unsent.length > 0) {
    await releaseClaims(registry, rows, unsent);
    for (const index of unsent) {
      const row = rows[index] as ResultRow;
      row.status = 'failed';
      row.id = null;
      row.error = stopError
        ? { code: stopError.code, message: `Not sent: ${stopError.message}` }
        : { code: 'NOT_SENT', message: 'Not sent: the run was interrupted.' };
    }
  }
  return rows;
}

/** Drop the `pending` records of items that were never sent. */
async function releaseClaims(registry: RegistryStore, rows: readonly ResultRow[], indexes: readonly number[]): Promise<void> {
  if (indexes.length === 0) return;
  const ids = new Set(indexes.map((index) => rows[index]?.id));
  await registry.update((data) => {
    data.subscriptions = data.subscriptions.filter((r) => !(ids.has(r.id) && r.status === 'pending'));
  });
}

function skipped(existing: RegistryRecord): Partial<ResultRow> {
  const reason =
    existing.status === 'active'
      ? 'Already registered (use --force to register again).'
      : existing.status === 'pending'
        ? 'Another run is registering it right now.'
        : 'An earlier attempt may have registered it; check the TagMango dashboard, then use --force to register it again.';
  return { status: 'skipped', id: existing.id, reason };
}
