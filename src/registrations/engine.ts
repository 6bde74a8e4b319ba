import { CliError, ExitCode } from '../errors.js';
import type { Warning } from '../io/io.js';
import { moveRecord, resolveHint } from '../registry/lifecycle.js';
import { RegistryStore, type JournalLog } from '../registry/store.js';
import type { RecordIdentity, RegistryData, RegistryRecord } from '../registry/schema.js';
import type { RegistrationOutcome } from '../tagmango/client.js';
import type { Registration } from '../tagmango/registration.js';
import { BUSY_REASON, claim, claimAhead, splitBatch } from './claims.js';
import { GroupCommit } from './group-commit.js';
import { startHeartbeat } from './heartbeat.js';
import { InOrder } from './in-order.js';
import { recordOutcome } from './record-outcome.js';
import { runPool } from './pool.js';
import { RecordIndex } from './record-index.js';
import type { ResultRow } from './types.js';

export { claimAhead, splitBatch, verdictFor } from './claims.js';

/** What a batch uses from the run: the registry, a way to send, the stop signal, the secret scrubber. */
export interface BatchPorts {
  registry: RegistryStore;
  client: { registerWebhook(item: Registration): Promise<RegistrationOutcome> };
  signal?: AbortSignal | undefined;
  /** Masks this run's secrets in a text (TagMango's answer is stored scrubbed). */
  scrub: (text: string) => string;
  /** Reports a warning that does not stop the run (stderr, and `warnings` in --json). */
  warn: (warning: Warning) => void;
}

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
  /** Each row once final, in input order; the engine keeps none it has passed on. */
  onRow?: (row: ResultRow, position: number) => void;
}

/**
 * Register a batch with bounded concurrency. Before an item is sent, a `pending` record of intent
 * is written and flushed (claimed), so a parallel run never sends it twice. Claims are made a few
 * items ahead of the sends (claimAhead), so a request never waits for a flush of its own; a run
 * killed at any moment leaves at most `concurrency + claimAhead(concurrency)` items whose outcome
 * is `unknown`, and a run that stops on its own drops the claims it did not send. Each outcome is
 * written as soon as it arrives. Claims and outcomes go to the registry's journal, several per transaction
 * when they coincide, and the journal is folded into the file at the end. What the registry says
 * about each item (lifecycle.ts) decides: active is skipped unless `force`; a live claim is
 * skipped; an unknown outcome is reported `unknown` and not sent unless `force`.
 */
export async function registerBatch(ports: BatchPorts, items: readonly Registration[], options: BatchOptions): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  await streamBatch(ports, items, { ...options, onRow: (row, position) => void (rows[position] = row) });
  return rows;
}

/** registerBatch, passing each row on to `onRow` in input order as soon as it and the rows before it are final. */
export async function streamBatch(ports: BatchPorts, items: readonly Registration[], options: BatchOptions): Promise<void> {
  const { registry, client, signal } = ports;
  const commits = new GroupCommit(registry);
  const identityOf = (item: Registration): RecordIdentity => ({ apiUrl: options.apiUrl, profile: options.profile, ...item });
  const { rows, todo } = splitBatch(items, identityOf);
  // A row is final once its outcome is written; it then waits only for the rows before it.
  const order = new InOrder(
    (position) => {
      const row = rows[position] as ResultRow;
      (rows as Array<ResultRow | undefined>)[position] = undefined;
      return row;
    },
    (row, position) => options.onRow?.(row, position),
  );
  rows.forEach((row, position) => {
    if (row.status !== 'skipped') return;
    options.onSettled?.(row);
    order.settle(position);
  });

  let stopError: CliError | undefined;
  // A registry that fails before anything was claimed (unreadable, invalid) is the run's error, as before any request.
  let claimedAny = false;
  let fatal: CliError | undefined;
  // Claims whose outcome could not be written: the run ends with exit 1 naming the disk problem.
  const unrecorded: string[] = [];
  // The journal holds every outcome but could not be folded into the file (a full disk): exit 1 too.
  let notFolded: CliError | undefined;
  const index = new RecordIndex();
  // Outcomes are written without holding up the next claim: both share the next transaction.
  // Only the writes still pending are kept: a long run does not hold one promise per item.
  const writes = new Set<Promise<unknown>>();
  const track = (write: Promise<unknown>): void => {
    const settled: Promise<unknown> = write.then(
      (): void => void writes.delete(settled),
      (): void => void writes.delete(settled),
    );
    writes.add(settled);
  };
  // Claims this run holds (claimed ahead or in flight): their heartbeat is refreshed.
  const held = new Set<string>();
  const stopHeartbeat = startHeartbeat(registry, commits, index, held, track);
  // Claims run ahead of the sends (see claimAhead): the next items' claims are made durable
  // while the current requests are in flight, so a send never waits for an fsync of its own.
  type Claim = Awaited<ReturnType<typeof claim>> | undefined;
  const ahead = new Map<number, Promise<Claim>>();
  const lookahead = claimAhead(options.concurrency);
  let nextClaim = 0;
  let sending = 0;
  const claimNext = (): void => {
    while (nextClaim < todo.length && ahead.size + sending < options.concurrency + lookahead && !stopError && !signal?.aborted) {
      const position = todo[nextClaim++] as number;
      const made = commits.run((data, log) => claim(data, log, index.sync(data, log), registry, identityOf(items[position] as Registration), options.force));
      ahead.set(
        position,
        made.then(
          (claimed) => {
            claimedAny = true;
            // Held from the claim on: its heartbeat is refreshed until its outcome is written.
            if (!('status' in claimed)) held.add(claimed.id);
            return claimed;
          },
          (error: unknown) => {
            // A fatal error (the registry stays locked, a write fails): start nothing new; what is in flight settles.
            fatal ??= asCliError(error);
            stopError ??= fatal;
            return undefined;
          },
        ),
      );
    }
  };
  // A claim made for an item that is then not sent (the run stops) is dropped: surely not registered.
  const release = (id: string): void => {
    const dropped = commits.run((data, log) => {
      const record = index.sync(data, log).get(id);
      if (record?.status !== 'pending') return;
      moveRecord(record, 'failed', registry.timestamp());
      data.subscriptions.splice(data.subscriptions.indexOf(record), 1);
      index.remove(record);
      log.drop(record.id);
    });
    held.delete(id);
    track(dropped);
  };
  const settleClaim = async (position: number): Promise<{ id: string } | undefined> => {
    let claimed = await (ahead.get(position) as Promise<Claim>);
    ahead.delete(position);
    if (claimed === undefined) return undefined;
    if ('status' in claimed && claimed.reason === BUSY_REASON && !stopError && !signal?.aborted) {
      // Judged ahead while another run held it: judge again now that its turn has come (that run may have ended).
      claimed = await commits.run((data, log) => claim(data, log, index.sync(data, log), registry, identityOf(items[position] as Registration), options.force)).catch((error: unknown) => {
        fatal ??= asCliError(error);
        stopError ??= fatal;
        return undefined;
      });
      if (claimed === undefined) return undefined;
      if (!('status' in claimed)) held.add(claimed.id);
    }
    if ('status' in claimed) {
      Object.assign(rows[position] as ResultRow, claimed);
      options.onSettled?.(rows[position] as ResultRow);
      order.settle(position);
      return undefined;
    }
    if (stopError || signal?.aborted) {
      release(claimed.id);
      return undefined;
    }
    return claimed;
  };
  try {
    claimNext();
    await runPool(todo, options.concurrency, signal, async (position) => {
      claimNext();
      if (!ahead.has(position)) return;
      const claimed = await settleClaim(position);
      if (!claimed) {
        claimNext();
        return;
      }
      const item = items[position] as Registration;
      const row = rows[position] as ResultRow;
      row.id = claimed.id;
      sending += 1;
      const outcome = await client.registerWebhook(item).finally(() => {
        sending -= 1;
        claimNext();
      });
      const written = commits.run((data, log) => {
        const record = index.sync(data, log).get(claimed.id);
        held.delete(claimed.id);
        if (record?.status !== 'pending') return;
        recordOutcome(record, outcome, {
          data,
          log,
          index,
          stamp: registry.timestamp(),
          scrub: ports.scrub,
          onCreated: options.onCreated && ((created) => options.onCreated?.(data, created, position)),
        });
      });
      track(
        written.catch((error: unknown) => {
          // Start nothing new; the claim already on disk reads as unknown next run, never as absent.
          unrecorded.push(claimed.id);
          fatal ??= asCliError(error);
          stopError ??= fatal;
          const answered = row.status === 'created' ? 'TagMango answered created' : `TagMango answered ${row.status}`;
          row.status = 'unknown';
          row.error = { code: 'OUTCOME_NOT_RECORDED', message: `${answered}, but the registry could not record it: ${fatal.message}` };
          row.reason = resolveHint([claimed.id]);
        }).then(() => order.settle(position)),
      );
      if (outcome.status === 'created') row.status = 'created';
      else {
        row.status = outcome.status;
        row.error = { code: outcome.error.code, message: outcome.error.message };
        if (outcome.status === 'failed') row.id = null;
        if (outcome.status === 'unknown') row.reason = resolveHint([claimed.id]);
        if (outcome.error.exitCode === ExitCode.auth) stopError = outcome.error;
      }
      options.onSettled?.(row);
    });
    // Items claimed ahead that no worker took (the run stopped): their claims are dropped.
    for (const position of [...ahead.keys()]) await settleClaim(position);
  } finally {
    stopHeartbeat();
    while (writes.size > 0) await Promise.allSettled([...writes]);
    try {
      await registry.compact();
    } catch (error) {
      // Said only when true: every outcome of this run reached the journal, which the next run folds in.
      if (!fatal) notFolded = asCliError(error);
    }
  }

  if (fatal && !claimedAny) throw fatal;
  for (let position = order.pending; position < rows.length; position++) {
    const row = rows[position];
    if (row?.status === 'planned') {
      row.status = 'failed';
      row.error = stopError
        ? { code: stopError.code, message: `Not sent: ${stopError.message}` }
        : { code: 'NOT_SENT', message: 'Not sent: the run was interrupted.' };
    }
    order.settle(position);
  }
  if (fatal) throw unrecordedError(fatal, unrecorded);
  if (notFolded) {
    const message = `${notFolded.message.replace(/\.$/, '')}. Every outcome is kept in the registry's journal, which the next run folds in.`;
    throw new CliError('REGISTRY_NOT_COMPACTED', message, ExitCode.failure, notFolded.hint);
  }
}

/**
 * The run's error when a write to the registry failed midway (exit 1): nothing more was sent; the
 * claims already on disk read as unknown, so no rerun sends what may exist.
 */
function unrecordedError(cause: CliError, unrecorded: readonly string[]): CliError {
  const lost = unrecorded.length;
  const what = lost > 0 ? `${lost} outcome${lost === 1 ? '' : 's'} could not be recorded` : 'A registration could not be claimed';
  const kept = lost > 0 ? ` Those registrations read as unknown until settled (${resolveHint(unrecorded)})` : '';
  return new CliError(cause.code, `${what}, so the run stopped: ${cause.message.replace(/\.$/, '')}. Nothing more was sent.${kept}`, ExitCode.failure, cause.hint);
}

/** Any error as a CliError, for a row's "Not sent" reason. */
function asCliError(error: unknown): CliError {
  return error instanceof CliError ? error : new CliError('INTERNAL', `Unexpected error: ${(error as Error)?.message ?? String(error)}.`, ExitCode.failure);
}
