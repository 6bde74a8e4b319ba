import { ExitCode, toCliError, type CliError } from '../errors.js';
import { moveRecord, resolveHint } from '../registry/lifecycle.js';
import type { RecordIdentity } from '../registry/identity.js';
import type { RegistrationOutcome } from '../tagmango/client.js';
import type { Registration } from '../tagmango/registration.js';
import { BUSY_REASON, claim, claimAhead, splitBatch } from './claims.js';
import { GroupCommit } from './group-commit.js';
import { startHeartbeat } from './heartbeat.js';
import { InOrder } from './in-order.js';
import { recordOutcome } from './record-outcome.js';
import { markUnrecorded, notFoldedError, unrecordedError } from './run-errors.js';
import { runPool } from './pool.js';
import { RecordIndex } from './record-index.js';
import type { BatchOptions, BatchPorts, ResultRow } from './types.js';

/**
 * Register a batch with bounded concurrency, passing each row on to `onRow` in input order as
 * soon as it and the rows before it are final. Before an item is sent, a `pending` record of
 * intent is written and flushed (claimed), so a parallel run never sends it twice. Claims are made
 * a few items ahead of the sends (claimAhead), so a request never waits for a flush of its own; a
 * run killed at any moment leaves at most `concurrency + claimAhead(concurrency)` items whose
 * outcome is `unknown`, and a run that stops on its own drops the claims it did not send. Each
 * outcome is written as soon as it arrives. Claims and outcomes go to the registry's journal,
 * several per transaction when they coincide, and the journal is folded into the file at the end.
 * What the registry says about each item (lifecycle.ts) decides: active is skipped unless
 * `force`; a live claim is skipped; an unknown outcome is reported `unknown`, not sent unless `force`.
 */
export async function registerBatch(ports: BatchPorts, items: readonly Registration[], options: BatchOptions): Promise<void> {
  await new BatchRun(ports, items, options).run();
}

/** A claim as judged in its transaction: made (an id), refused (a row's verdict), or not made (the run is stopping). */
type Claim = ReturnType<typeof claim> | undefined;

/** One run of registerBatch: its claim queue, sends in flight, pending writes and stop reason. */
export class BatchRun {
  private readonly commits: GroupCommit;
  private readonly index = new RecordIndex();
  private readonly rows: ResultRow[];
  /** Positions of the items to claim and send, in order. */
  private readonly todo: readonly number[];
  private readonly order: InOrder<ResultRow>;
  /** Claims made ahead of the sends (see claimAhead), by position, until a worker takes them. */
  private readonly ahead = new Map<number, Promise<Claim>>();
  private readonly lookahead: number;
  private nextClaim = 0;
  /** Requests in flight. */
  private sending = 0;
  /** Claims this run holds (claimed ahead or in flight): their heartbeat is refreshed. */
  private readonly held = new Set<string>();
  /** Only the writes still pending are kept: a long run does not hold one promise per item. */
  private readonly writes = new Set<Promise<unknown>>();
  /** Why the run starts nothing new (an auth failure, a registry that cannot be written). */
  private stopError: CliError | undefined;
  /** A registry failure; the run's error when it came before any claim (unreadable, invalid). */
  private fatal: CliError | undefined;
  private claimedAny = false;
  /** Claims whose outcome could not be written, and a journal that could not be folded in: the run ends with exit 1 naming the disk problem. */
  private readonly unrecorded: string[] = [];
  private notFolded: CliError | undefined;

  constructor(
    private readonly ports: BatchPorts,
    private readonly items: readonly Registration[],
    private readonly options: BatchOptions,
  ) {
    this.commits = new GroupCommit(ports.registry);
    const { rows, todo } = splitBatch(items, (item) => this.identityOf(item));
    this.rows = rows;
    this.todo = todo;
    this.lookahead = claimAhead(options.concurrency);
    // A row is final once its outcome is written; it then waits only for the rows before it.
    this.order = new InOrder(
      (position) => this.takeRow(position),
      (row, position) => options.onRow?.(row, position),
    );
  }

  /** Claim, send and record every item; resolves once every row has been passed on. */
  async run(): Promise<void> {
    this.passSkipped();
    // Stryker disable next-line ArrowFunction: a beat is queued before the outcomes after it and lands first; once the last outcome is out no claim is held, so no beat is left to wait for.
    const stopHeartbeat = startHeartbeat(this.ports.registry, this.commits, this.index, this.held, (write) => this.track(write));
    try {
      this.claimNext();
      await runPool(this.todo, this.options.concurrency, this.ports.signal, (position) => this.process(position));
      // Items claimed ahead that no worker took (the run stopped): their claims are dropped.
      for (const position of [...this.ahead.keys()]) await this.takeClaim(position);
    } finally {
      stopHeartbeat();
      await this.finishWrites();
    }
    if (this.fatal && !this.claimedAny) throw this.fatal;
    this.fillNotSent();
    if (this.fatal) throw unrecordedError(this.fatal, this.unrecorded);
    if (this.notFolded) throw notFoldedError(this.notFolded);
  }

  /** Whether the run starts nothing new: stopped by an error or a signal. */
  get stopping(): boolean {
    return this.stopError !== undefined || this.ports.signal?.aborted === true;
  }

  /** Whether another claim may be made: items are left, and claims ahead plus sends in flight stay within their bound. */
  mayClaim(): boolean {
    return this.nextClaim < this.todo.length && this.ahead.size + this.sending < this.options.concurrency + this.lookahead && !this.stopping;
  }

  private identityOf(item: Registration): RecordIdentity {
    return { apiUrl: this.options.apiUrl, profile: this.options.profile, ...item };
  }

  /** The row at a position, handed over once: the run keeps none it has passed on. */
  private takeRow(position: number): ResultRow {
    const row = this.rows[position] as ResultRow;
    (this.rows as Array<ResultRow | undefined>)[position] = undefined;
    return row;
  }

  /** Rows skipped before any claim (the same registration twice in the input) are final at once. */
  private passSkipped(): void {
    this.rows.forEach((row, position) => {
      if (row.status !== 'skipped') return;
      this.options.onSettled?.(row);
      this.order.settle(position);
    });
  }

  /** Keep a write until it lands (finishWrites waits for all of them). */
  private track(write: Promise<unknown>): void {
    const settled: Promise<unknown> = write.then(
      (): void => void this.writes.delete(settled),
      (): void => void this.writes.delete(settled),
    );
    this.writes.add(settled);
  }

  /** Claim ahead as far as the bound allows; the claims are made durable while requests are in flight. */
  claimNext(): void {
    while (this.mayClaim()) {
      const position = this.todo[this.nextClaim++] as number;
      this.ahead.set(position, this.claimAt(position).then((claimed) => this.holdClaim(claimed), (error: unknown) => this.failFatal(error)));
    }
  }

  /** The claim transaction of one item. */
  private claimAt(position: number): Promise<ReturnType<typeof claim>> {
    const { registry } = this.ports;
    return this.commits.run((data, log) => claim(data, log, this.index.sync(data, log), registry, this.identityOf(this.items[position] as Registration), this.options.force));
  }

  /** A claim made is held from then on: its heartbeat is refreshed until its outcome is written. */
  private holdClaim(claimed: ReturnType<typeof claim>): Claim {
    this.claimedAny = true;
    if (!('status' in claimed)) this.held.add(claimed.id);
    return claimed;
  }

  /** A fatal error (the registry stays locked, a write fails): start nothing new; what is in flight settles. */
  private failFatal(error: unknown): undefined {
    this.fatal ??= toCliError(error);
    this.stopError ??= this.fatal;
    return undefined;
  }

  /**
   * The claim of a position once its turn has come: an id to send, or undefined when there is
   * nothing to send (refused: its row is final; or dropped because the run is stopping).
   */
  async takeClaim(position: number): Promise<{ id: string } | undefined> {
    let claimed = await (this.ahead.get(position) as Promise<Claim>);
    this.ahead.delete(position);
    if (claimed === undefined) return undefined;
    if ('status' in claimed && claimed.reason === BUSY_REASON && !this.stopping) {
      // Judged ahead while another run held it: judge again now that its turn has come (that run may have ended).
      claimed = await this.claimAt(position).catch((error: unknown) => this.failFatal(error));
      if (claimed === undefined) return undefined;
      if (!('status' in claimed)) this.held.add(claimed.id);
    }
    if ('status' in claimed) {
      Object.assign(this.rows[position] as ResultRow, claimed);
      this.options.onSettled?.(this.rows[position] as ResultRow);
      this.order.settle(position);
      return undefined;
    }
    if (this.stopping) {
      this.release(claimed.id);
      return undefined;
    }
    return claimed;
  }

  /** Drop a claim made for an item that is then not sent (the run stops): surely not registered. */
  release(id: string): void {
    const { registry } = this.ports;
    const dropped = this.commits.run((data, log) => {
      const record = this.index.sync(data, log).get(id);
      if (record?.status !== 'pending') return;
      moveRecord(record, 'failed', registry.timestamp());
      data.subscriptions.splice(data.subscriptions.indexOf(record), 1);
      this.index.remove(record);
      log.drop(record.id);
    });
    this.held.delete(id);
    this.track(dropped);
  }

  /** One worker's turn at a position: take its claim, send it, record the outcome. */
  private async process(position: number): Promise<void> {
    this.claimNext();
    // Stryker disable next-line ConditionalExpression: a shortcut; an unclaimed position (the run is stopping) has no claim to take either.
    if (!this.ahead.has(position)) return;
    const claimed = await this.takeClaim(position);
    if (!claimed) {
      this.claimNext();
      return;
    }
    const row = this.rows[position] as ResultRow;
    row.id = claimed.id;
    const outcome = await this.send(this.items[position] as Registration);
    this.track(this.writeOutcome(position, claimed.id, outcome).then(() => this.order.settle(position)));
    this.showOutcome(row, claimed.id, outcome);
    this.options.onSettled?.(row);
  }

  /** One request, counted in flight while it lasts; its end makes room for the next claim. */
  private send(item: Registration): Promise<RegistrationOutcome> {
    this.sending += 1;
    return this.ports.client.registerWebhook(item).finally(() => {
      this.sending -= 1;
      this.claimNext();
    });
  }

  /** Record an outcome on its claim (unless another run settled it since); a failed write stops the run, and the claim on disk and the row read unknown. */
  writeOutcome(position: number, id: string, outcome: RegistrationOutcome): Promise<void> {
    const { registry, scrub } = this.ports;
    const { onCreated } = this.options;
    const written = this.commits.run((data, log) => {
      const record = this.index.sync(data, log).get(id);
      this.held.delete(id);
      if (record?.status !== 'pending') return;
      recordOutcome(record, outcome, {
        data,
        log,
        index: this.index,
        stamp: registry.timestamp(),
        scrub,
        onCreated: onCreated && ((created) => onCreated(data, created, position)),
      });
    });
    return written.catch((error: unknown) => {
      this.unrecorded.push(id);
      const fatal = (this.fatal ??= toCliError(error));
      this.stopError ??= fatal;
      markUnrecorded(this.rows[position] as ResultRow, id, fatal);
    });
  }

  /** The row as the answer makes it: created; or failed (no id: nothing exists) or unknown (how to settle it). An auth failure stops the run. */
  showOutcome(row: ResultRow, id: string, outcome: RegistrationOutcome): void {
    if (outcome.status === 'created') {
      row.status = 'created';
      return;
    }
    row.status = outcome.status;
    row.error = { code: outcome.error.code, message: outcome.error.message };
    if (outcome.status === 'failed') row.id = null;
    if (outcome.status === 'unknown') row.reason = resolveHint([id]);
    if (outcome.error.exitCode === ExitCode.auth) this.stopError = outcome.error;
  }

  /** Wait for every write, then fold the journal into the file (a failure there is exit 1: the journal keeps the outcomes). */
  private async finishWrites(): Promise<void> {
    while (this.writes.size > 0) await Promise.allSettled([...this.writes]);
    await this.commits.settle();
    try {
      await this.ports.registry.compact();
    } catch (error) {
      // Stryker disable next-line ConditionalExpression: said only when true (every outcome reached the journal); with a fatal error, run() throws that one before it reads notFolded.
      if (!this.fatal) this.notFolded = toCliError(error);
    }
  }

  /** Rows never sent (the run stopped) are cancelled, with the reason; every row left is passed on. */
  fillNotSent(): void {
    const { rows, stopError } = this;
    for (let position = this.order.pending; position < rows.length; position++) {
      const row = rows[position];
      // Stryker disable next-line OptionalChaining: the rows from the first not passed on are all still held.
      if (row?.status === 'planned') {
        row.status = 'cancelled';
        row.reason = stopError ? `Not sent: ${stopError.message}` : 'Not sent: the run was stopped.';
      }
      this.order.settle(position);
    }
  }
}
