import type { Context } from '../context.js';
import { CliError, ExitCode } from '../errors.js';
import { RegistryStore, type JournalLog } from '../registry/store.js';
import { identityKey, isLive, type RecordIdentity, type RegistryData, type RegistryRecord } from '../registry/schema.js';
import type { TagMangoClient } from '../tagmango/client.js';
import type { Registration } from '../tagmango/registration.js';
import { GroupCommit } from './group-commit.js';
import { runPool } from './pool.js';
import { RecordIndex } from './record-index.js';
import type { ResultRow } from './types.js';

/** How a batch of registrations is run. */
export interface BatchOptions {
  apiUrl: string;
  profile: string;
  force: boolean;
  concurrency: number;
  /**
   * Called inside the registry transaction that records a success (migrate links records here);
   * returns the other records it changed, so that they are journaled too.
   */
  onCreated?: (data: RegistryData, created: RegistryRecord, index: number) => readonly RegistryRecord[] | void;
  /** Called after each item settles. */
  onSettled?: (row: ResultRow) => void;
}

/**
 * Register a batch with bounded concurrency. Right before sending an item, a `pending` record of
 * intent is written (claimed), so a parallel run never sends it twice and a run killed at any
 * moment leaves at most `concurrency` items whose outcome is `unknown`. Each outcome is written as
 * soon as it arrives. Claims and outcomes go to the registry's journal, several per transaction
 * when they coincide, and the journal is folded into the file at the end. Items already
 * registered (or duplicated in the batch) are skipped unless `force`.
 */
export async function registerBatch(
  ctx: Context,
  client: TagMangoClient,
  items: readonly Registration[],
  options: BatchOptions,
): Promise<ResultRow[]> {
  const registry = ctx.registry();
  const commits = new GroupCommit(registry);
  const identityOf = (item: Registration): RecordIdentity => ({ apiUrl: options.apiUrl, profile: options.profile, ...item });
  const { rows, todo } = splitBatch(items, identityOf);
  for (const row of rows) if (row.status === 'skipped') options.onSettled?.(row);

  let stopError: CliError | undefined;
  // A registry that fails before anything was claimed (unreadable, invalid) is the run's error, as before any request.
  let claimedAny = false;
  let fatal: CliError | undefined;
  const index = new RecordIndex();
  // Outcomes are written without holding up the next claim: both share the next transaction.
  const writes: Promise<void>[] = [];
  try {
    await runPool(todo, options.concurrency, ctx.deps.signal, async (position) => {
      if (stopError || ctx.deps.signal?.aborted) return;
      const item = items[position] as Registration;
      const row = rows[position] as ResultRow;
      let claimed: Awaited<ReturnType<typeof claim>>;
      try {
        claimed = await commits.run((data, log) => claim(data, log, index.sync(data, log), registry, identityOf(item), options.force));
      } catch (error) {
        // A fatal error (the registry stays locked, a write fails): start nothing new; what is in flight settles.
        fatal ??= asCliError(error);
        stopError ??= fatal;
        return;
      }
      claimedAny = true;
      if ('status' in claimed) {
        Object.assign(row, claimed);
        options.onSettled?.(row);
        return;
      }
      row.id = claimed.id;
      const outcome = await client.registerWebhook(item);
      const written = commits.run((data, log) => {
        const record = index.sync(data, log).get(claimed.id);
        if (!record) return;
        record.updatedAt = registry.timestamp();
        delete record.owner;
        if (outcome.status === 'created') {
          record.status = 'active';
          if (outcome.remoteId) record.remoteId = outcome.remoteId;
          record.response = scrubbed(ctx, outcome.response);
          log.put(record);
          for (const other of options.onCreated?.(data, record, position) ?? []) log.put(other);
        } else if (outcome.status === 'unknown') {
          record.status = 'unknown';
          record.note = outcome.error.message;
          log.put(record);
        } else {
          data.subscriptions.splice(data.subscriptions.indexOf(record), 1);
          index.remove(record);
          log.drop(record.id);
        }
      });
      writes.push(
        written.catch((error: unknown) => {
          stopError ??= asCliError(error);
          row.reason = `The registry could not record this outcome (${asCliError(error).message}); it reads as unknown until settled.`;
        }),
      );
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
  } finally {
    await Promise.allSettled(writes);
    try {
      await registry.compact();
    } catch (error) {
      // The journal keeps every outcome and is folded by the next run: the report still stands.
      ctx.io.warn({ code: 'REGISTRY_NOT_COMPACTED', message: `${asCliError(error).message} The outcomes are kept in the registry's journal and folded in by the next run.` });
    }
  }

  if (fatal && !claimedAny) throw fatal;
  for (const row of rows) {
    if (row.status !== 'planned') continue;
    row.status = 'failed';
    row.error = stopError
      ? { code: stopError.code, message: `Not sent: ${stopError.message}` }
      : { code: 'NOT_SENT', message: 'Not sent: the run was interrupted.' };
  }
  return rows;
}

/**
 * One `planned` row per item, except repeats of an earlier item of the same batch, which are
 * `skipped`; `todo` lists the indexes of the items to send, in order.
 */
export function splitBatch(
  items: readonly Registration[],
  identityOf: (item: Registration) => RecordIdentity,
): { rows: ResultRow[]; todo: number[] } {
  const rows: ResultRow[] = items.map((item) => ({ ...item, status: 'planned', id: null }));
  const seen = new Map<string, number>();
  const todo: number[] = [];
  items.forEach((item, index) => {
    const key = identityKey(identityOf(item));
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, index);
      todo.push(index);
    } else Object.assign(rows[index] as ResultRow, { status: 'skipped', reason: `Same registration as item ${first + 1} of this run.` });
  });
  return { rows, todo };
}

/** Whether an existing live record stops an item from being sent: always while pending, else unless --force. */
export function blocksSending(existing: RegistryRecord | undefined, force: boolean): existing is RegistryRecord {
  return existing !== undefined && (!force || existing.status === 'pending');
}

/** Inside a transaction: add a `pending` record for the item, or say why it is skipped. */
function claim(
  data: RegistryData,
  log: JournalLog,
  index: RecordIndex,
  registry: RegistryStore,
  identity: RecordIdentity & { hookUrlTemplate?: string | undefined },
  force: boolean,
): { id: string } | Pick<ResultRow, 'status' | 'id' | 'reason'> {
  const existing = index.sameAs(identity).find(isLive);
  if (blocksSending(existing, force)) return skipped(existing);
  const stamp = registry.timestamp();
  let id: string;
  do id = RegistryStore.newId();
  while (index.has(id));
  const { apiUrl, profile, event, hookUrl, scope, hookUrlTemplate } = identity;
  const record: RegistryRecord = { id, apiUrl, profile, event, hookUrl, ...(hookUrlTemplate ? { hookUrlTemplate } : {}), scope, status: 'pending', owner: process.pid, createdAt: stamp, updatedAt: stamp };
  data.subscriptions.push(record);
  index.add(record);
  log.put(record);
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

/** Any error as a CliError, for a row's "Not sent" reason. */
function asCliError(error: unknown): CliError {
  return error instanceof CliError ? error : new CliError('INTERNAL', `Unexpected error: ${(error as Error)?.message ?? String(error)}.`, ExitCode.failure);
}

/** TagMango's answer as stored: secrets of this run masked. */
function scrubbed(ctx: Context, response: unknown): unknown {
  if (response === undefined) return undefined;
  return JSON.parse(ctx.io.scrub(JSON.stringify(response))) as unknown;
}
