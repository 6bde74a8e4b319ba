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

/** Record statuses that mean "this webhook exists, or may exist, at TagMango". */
export const LIVE_STATUSES: ReadonlySet<string> = new Set(['active', 'pending', 'unknown']);

/**
 * Register a batch with bounded concurrency. Right before sending an item, a `pending` record of
 * intent is written (claimed) in its own transaction, so a parallel run never sends it twice and a
 * run killed at any moment leaves at most `concurrency` items whose outcome is `unknown`. Each
 * outcome is written at once. Items already registered (or duplicated in the batch) are skipped
 * unless `force`.
 */
export async function registerBatch(
  ctx: Context,
  client: TagMangoClient,
  items: readonly Registration[],
  options: BatchOptions,
): Promise<ResultRow[]> {
  const registry = ctx.registry();
  const rows: ResultRow[] = items.map((item) => ({ ...item, status: 'planned', id: null }));
  const keyOf = (item: Registration): string => identityKey({ apiUrl: options.apiUrl, profile: options.profile, ...item });
  const seen = new Map<string, number>();
  const todo: number[] = [];
  items.forEach((item, index) => {
    const first = seen.get(keyOf(item));
    if (first !== undefined) {
      Object.assign(rows[index] as ResultRow, { status: 'skipped', reason: `Same registration as item ${first + 1} of this run.` });
      return;
    }
    seen.set(keyOf(item), index);
    todo.push(index);
  });

  let stopError: CliError | undefined;
  await runPool(todo, options.concurrency, ctx.deps.signal, async (index) => {
    if (stopError || ctx.deps.signal?.aborted) return;
    const item = items[index] as Registration;
    const row = rows[index] as ResultRow;
    const claimed = await registry.update((data) => claim(data, registry, item, keyOf(item), options));
    if ('status' in claimed) {
      Object.assign(row, claimed);
      options.onSettled?.(row);
      return;
    }
    row.id = claimed.id;
    const outcome = await client.registerWebhook(item);
    await registry.update((data) => {
      const record = data.subscriptions.find((r) => r.id === row.id);
      if (!record) return;
      record.updatedAt = registry.timestamp();
      delete record.owner;
      if (outcome.status === 'created') {
        record.status = 'active';
        if (outcome.remoteId) record.remoteId = outcome.remoteId;
        record.response = scrubbed(ctx, outcome.response);
        options.onCreated?.(data, record, index);
      } else if (outcome.status === 'unknown') {
        record.status = 'unknown';
        record.note = outcome.error.message;
      } else {
        data.subscriptions.splice(data.subscriptions.indexOf(record), 1);
      }
    });
    if (outcome.status === 'created') row.status = 'created';
    else {
      row.status = outcome.status;
      row.error = { code: outcome.error.code, message: outcome.error.message };
      if (outcome.status === 'failed') row.id = null;
      if (outcome.status === 'unknown') row.reason = 'It may or may not exist at TagMango: check the dashboard, then rerun with --force to register it again.';
      if (outcome.error.exitCode === ExitCode.auth) stopError = outcome.error;
    }
    options.onSettled?.(row);
  });

  for (const row of rows) {
    if (row.status !== 'planned') continue;
    row.status = 'failed';
    row.error = stopError
      ? { code: stopError.code, message: `Not sent: ${stopError.message}` }
      : { code: 'NOT_SENT', message: 'Not sent: the run was interrupted.' };
  }
  return rows;
}

/** Inside a transaction: add a `pending` record for the item, or say why it is skipped. */
function claim(
  data: RegistryData,
  registry: RegistryStore,
  item: Registration,
  key: string,
  options: BatchOptions,
): { id: string } | Pick<ResultRow, 'status' | 'id' | 'reason'> {
  const existing = data.subscriptions.find((r) => LIVE_STATUSES.has(r.status) && identityKey(r) === key);
  if (existing && (!options.force || existing.status === 'pending')) return skipped(existing);
  const stamp = registry.timestamp();
  const id = RegistryStore.newId(new Set(data.subscriptions.map((r) => r.id)));
  const { hookUrl, event, scope } = item;
  data.subscriptions.push({ id, apiUrl: options.apiUrl, profile: options.profile, event, hookUrl, scope, status: 'pending', owner: process.pid, createdAt: stamp, updatedAt: stamp });
  return { id };
}

/** Why an existing record makes an item `skipped`. */
export function skipped(existing: RegistryRecord): Pick<ResultRow, 'status' | 'id' | 'reason'> {
  const reason =
    existing.status === 'active'
      ? 'Already registered (use --force to register again).'
      : existing.status === 'pending'
        ? 'Another run is registering it right now.'
        : 'An earlier attempt may have registered it; check the TagMango dashboard, then use --force to register it again.';
  return { status: 'skipped', id: existing.id, reason };
}

/** TagMango's answer as stored: secrets of this run masked. */
function scrubbed(ctx: Context, response: unknown): unknown {
  if (response === undefined) return undefined;
  return JSON.parse(ctx.io.scrub(JSON.stringify(response))) as unknown;
}
