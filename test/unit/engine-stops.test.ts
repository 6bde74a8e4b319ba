import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError, FileError } from '../../src/errors.js';
import { systemLockClock, type LockClock } from '../../src/files/lock.js';
import { BUSY_REASON } from '../../src/registrations/claims.js';
import { registerBatch } from '../../src/registrations/engine.js';
import type { BatchPorts, ResultRow } from '../../src/registrations/types.js';
import { HEARTBEAT_STALE_MS, type ProcessProbe, type RunIdentity } from '../../src/registry/process-identity.js';
import { RegistryStore } from '../../src/registry/store.js';
import type { RegistrationOutcome } from '../../src/tagmango/client.js';
import type { Registration } from '../../src/tagmango/registration.js';
import { courseId, record, writeRegistry } from '../helpers/registry.js';

// How a batch stops when one registry write fails while the others succeed, and how an item
// another run was registering when first looked at is judged again at its turn.

const API = 'https://api.example.com';
const NOW = new Date('2026-03-01T12:00:00.000Z');
const ME: RunIdentity = { host: 'box-a', pid: 4242, start: '100', nonce: 'aaaaaaaaaaaaaaaa' };
const OTHER: RunIdentity = { host: 'box-a', pid: 1, start: '1', nonce: 'bbbbbbbbbbbbbbbb' };
const LOCKED = 'The registry is locked by another run.';
const created: RegistrationOutcome = { status: 'created', httpStatus: 201, remoteId: 'r', response: {}, attempts: 1 };
const options = { apiUrl: API, profile: 'default', force: false, concurrency: 1 };

let home: string;
let file: string;
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'tmh-engine-stops-'));
  file = path.join(home, 'subscriptions.json');
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

const item = (n: number): Registration => ({ hookUrl: 'https://hooks.example.com/tm', event: 'course.completed', scope: { key: 'course', id: courseId(n) } });

/** A probe that knows this run and the runs in `alive`, all on host box-a. */
function probe(alive: readonly string[]): ProcessProbe {
  return { self: ME, isRunning: (o) => (o.host === 'box-a' ? o.nonce === ME.nonce || alive.includes(o.nonce) : undefined), end: () => undefined };
}

/** A claim of the other run on item n, with a fresh heartbeat. */
const theirClaim = (n: number) => ({ ...record(API, 90 + n, { scope: item(n).scope }), status: 'pending' as const, owner: { ...OTHER, heartbeat: NOW.toISOString() } });

/**
 * Ports over a temp registry whose group-commit transactions (one per batch of changes) fail when
 * `fails(n)` says so for the n-th (from 1), and a client that answers `created` unless `answer`
 * says otherwise. `failed` resolves once a transaction has been failed.
 */
function ports(fails: (n: number) => boolean, answer: (item: Registration, sent: number) => Promise<RegistrationOutcome> | RegistrationOutcome = () => created, extra: { alive?: string[]; clock?: LockClock; now?: () => Date } = {}) {
  const sent: Registration[] = [];
  const store = new RegistryStore(file, extra.now ?? (() => NOW), probe(extra.alive ?? []), extra.clock);
  let transactions = 0;
  let failedOnce!: () => void;
  const failed = new Promise<void>((resolve) => (failedOnce = resolve));
  const withLock = store.withLock.bind(store);
  store.withLock = (work) =>
    withLock((transact) =>
      work((change) => {
        transactions += 1;
        if (!fails(transactions)) return transact(change);
        failedOnce();
        return Promise.reject(new FileError('REGISTRY_LOCKED', LOCKED, file));
      }),
    );
  const p: BatchPorts = {
    registry: store,
    scrub: (t) => t,
    client: {
      registerWebhook: async (i) => {
        sent.push(i);
        return answer(i, sent.length);
      },
    },
  };
  return { p, sent, store, failed, transactions: () => transactions };
}

/** Run a batch; its rows by position and its error, if any. */
async function run(p: BatchPorts, items: readonly Registration[], batch = options): Promise<{ rows: ResultRow[]; error: unknown }> {
  const rows: ResultRow[] = [];
  const error = await registerBatch(p, items, { ...batch, onRow: (row, position) => void (rows[position] = row) }).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { rows, error };
}

const stored = (alive: readonly string[] = []) => new RegistryStore(file, () => NOW, probe(alive)).read().subscriptions;

describe('one registry write failing while the others succeed', () => {
  it('a claim write that fails stops the claims at once: nothing is sent, and the registry error is the run\'s', async () => {
    // The first transaction holds the first three claims; every later one would succeed.
    const { p, sent } = ports((n) => n === 1);
    const { rows, error } = await run(p, [item(1), item(2), item(3), item(4), item(5)]);
    expect(error).toBeInstanceOf(FileError);
    expect(error).toMatchObject({ code: 'REGISTRY_LOCKED', message: LOCKED });
    expect(sent).toEqual([]);
    expect(rows).toEqual([]);
    expect(fs.existsSync(file) ? stored() : []).toEqual([]);
  });

  it('an outcome write that fails stops the run though every claim was written: the next item is not sent', async () => {
    let breakNext = false;
    // While item 2 is out, the transaction of item 1's outcome (alone: no claim is left to make) fails.
    const { p, sent, failed } = ports(
      () => breakNext && !(breakNext = false),
      async (_i, count) => {
        if (count === 1) breakNext = true;
        if (count === 2) await failed;
        return created;
      },
    );
    const { rows, error } = await run(p, [item(1), item(2), item(3)]);
    expect(sent).toEqual([item(1), item(2)]);
    expect(rows.map((r) => [r.status, r.error?.code ?? r.reason])).toEqual([
      ['unknown', 'OUTCOME_NOT_RECORDED'],
      ['created', undefined],
      ['cancelled', `Not sent: ${LOCKED}`],
    ]);
    expect(error).toMatchObject({ code: 'REGISTRY_LOCKED', message: expect.stringMatching(/^1 outcome could not be recorded, so the run stopped: The registry is locked/) });
    // Item 3's claim was dropped; item 1's stays pending (unknown once this run is gone).
    expect(stored().map((r) => [r.scope?.id, r.status])).toEqual([
      [item(1).scope?.id, 'pending'],
      [item(2).scope?.id, 'active'],
    ]);
  });

  it('claims that cannot be dropped after a stop are left pending for the next run, and the run still ends', async () => {
    const controller = new AbortController();
    // The claims land, then the user stops; the transaction dropping them fails.
    const { p, sent, transactions } = ports((n) => {
      if (n === 1) controller.abort();
      return n === 2;
    });
    const { rows, error } = await run({ ...p, signal: controller.signal }, [item(1), item(2), item(3)]);
    expect(error).toBeUndefined();
    expect(sent).toEqual([]);
    expect(transactions()).toBe(2);
    expect(rows.map((r) => [r.status, r.reason])).toEqual(Array(3).fill(['cancelled', 'Not sent: the run was stopped.']));
    expect(stored().map((r) => [r.status, r.owner?.nonce])).toEqual([
      ['pending', ME.nonce],
      ['pending', ME.nonce],
      ['pending', ME.nonce],
    ]);
    // Once this run is gone they read unknown: never absent, never sent again unasked.
    const next = new RegistryStore(file, () => NOW, { ...probe([]), isRunning: () => false });
    expect(next.read().subscriptions.map((r) => r.status)).toEqual(['unknown', 'unknown', 'unknown']);
  });

  it('a row repeated in the input stays skipped after a stop, though it waits for the rows before it', async () => {
    const controller = new AbortController();
    const { p } = ports(
      () => false,
      () => {
        controller.abort();
        return created;
      },
    );
    const { rows, error } = await run({ ...p, signal: controller.signal }, [item(1), item(2), item(3), item(1)]);
    expect(error).toBeUndefined();
    expect(rows.map((r) => [r.status, r.reason])).toEqual([
      ['created', undefined],
      ['cancelled', 'Not sent: the run was stopped.'],
      ['cancelled', 'Not sent: the run was stopped.'],
      ['skipped', 'Same registration as item 1 of this run.'],
    ]);
  });

  it('a journal that cannot be folded in at the end is the run\'s error (exit 1), and every row stands', async () => {
    const { p, store } = ports(() => false);
    store.compact = () => Promise.reject(new CliError('REGISTRY_UNWRITABLE', 'The disk is full.', 1));
    const { rows, error } = await run(p, [item(1), item(2)]);
    expect(rows.map((r) => r.status)).toEqual(['created', 'created']);
    expect(error).toMatchObject({ code: 'REGISTRY_NOT_COMPACTED', exitCode: 1, message: "The disk is full. Every outcome is kept in the registry's journal, which the next run folds in." });
  });
});

describe('an item another run was registering when first looked at', () => {
  it('free at its turn (that run dropped its claim), it is claimed then and its claim is kept alive by the heartbeat', async () => {
    writeRegistry(home, [theirClaim(2)]);
    const ticks: (() => void)[] = [];
    let now = NOW.getTime();
    const clock: LockClock = {
      ...systemLockClock,
      now: () => now,
      every: (ms, tick) => {
        const beat = ms === HEARTBEAT_STALE_MS / 4 ? tick : (): void => undefined;
        ticks.push(beat);
        return () => ticks.splice(ticks.indexOf(beat), 1);
      },
    };
    const other = new RegistryStore(file, () => NOW, probe([OTHER.nonce]));
    let sending!: () => void;
    const secondOut = new Promise<void>((resolve) => (sending = resolve));
    let answerSecond!: (o: RegistrationOutcome) => void;
    const { p, sent } = ports(
      () => false,
      async (_i, count) => {
        if (count === 1) {
          // The other run ends while item 1 is out: it drops its claim on item 2.
          await other.update((data) => void data.subscriptions.splice(data.subscriptions.findIndex((r) => r.id === theirClaim(2).id), 1));
          return created;
        }
        sending();
        return new Promise((resolve) => (answerSecond = resolve));
      },
      { alive: [OTHER.nonce], clock, now: () => new Date(now) },
    );
    const done = run(p, [item(1), item(2)]);
    await secondOut;
    const mine = () => stored([OTHER.nonce]).find((r) => r.scope?.id === item(2).scope?.id);
    expect(mine()).toMatchObject({ status: 'pending', owner: { nonce: ME.nonce, heartbeat: new Date(now).toISOString() } });
    now += 60_000;
    for (const tick of [...ticks]) tick();
    await expect.poll(() => mine()?.owner?.heartbeat).toBe(new Date(now).toISOString());
    answerSecond(created);
    const { rows, error } = await done;
    expect(error).toBeUndefined();
    expect(sent).toEqual([item(1), item(2)]);
    expect(rows.map((r) => r.status)).toEqual(['created', 'created']);
  });

  it('a failure of its second claim stops the run: nothing more is sent, and the run says a claim failed', async () => {
    // Item 1 is busy: its second claim is a transaction of its own (nothing has been sent yet).
    writeRegistry(home, [theirClaim(1)]);
    const { p, sent } = ports((n) => n === 2, undefined, { alive: [OTHER.nonce] });
    const { rows, error } = await run(p, [item(1), item(2)]);
    expect(sent).toEqual([]);
    expect(error).toMatchObject({ code: 'REGISTRY_LOCKED', message: `A registration could not be claimed, so the run stopped: ${LOCKED.replace(/\.$/, '')}. Nothing more was sent.` });
    expect(rows.map((r) => [r.status, r.reason])).toEqual([
      ['cancelled', `Not sent: ${LOCKED}`],
      ['cancelled', `Not sent: ${LOCKED}`],
    ]);
    // Item 2's claim is dropped; the other run's claim is left to it.
    expect(stored([OTHER.nonce]).map((r) => [r.id, r.status])).toEqual([[theirClaim(1).id, 'pending']]);
  });

  it('reached while the run is stopping, it is not judged again: still busy, even though that run has ended meanwhile', async () => {
    writeRegistry(home, [theirClaim(2)]);
    const alive = [OTHER.nonce];
    const controller = new AbortController();
    const { p, sent, transactions } = ports(
      () => false,
      () => {
        // The other run dies, and the user stops this one, while item 1 is out.
        alive.length = 0;
        controller.abort();
        return created;
      },
      { alive },
    );
    const { rows, error } = await run({ ...p, signal: controller.signal }, [item(1), item(2)]);
    expect(error).toBeUndefined();
    expect(sent).toEqual([item(1)]);
    expect(rows.map((r) => [r.status, r.reason])).toEqual([
      ['created', undefined],
      ['skipped', BUSY_REASON],
    ]);
    // The claims, then item 1's outcome: no claim of item 2 again.
    expect(transactions()).toBe(2);
  });

  it('settled at its second look (that run died), it holds no claim: a heartbeat then writes nothing', async () => {
    writeRegistry(home, [theirClaim(1)]);
    const ticks: (() => void)[] = [];
    const clock: LockClock = { ...systemLockClock, every: (ms, tick) => (ms === HEARTBEAT_STALE_MS / 4 && ticks.push(tick), () => undefined) };
    const alive = [OTHER.nonce];
    // It dies between the claims ahead and the item's second look; a beat comes as the item's row is final.
    const diesBefore = (n: number): boolean => (n === 2 && (alive.length = 0), false);
    const { p, sent, transactions } = ports(diesBefore, undefined, { alive, clock });
    const rows: ResultRow[] = [];
    await registerBatch(p, [item(1)], { ...options, onSettled: () => ticks.forEach((tick) => tick()), onRow: (row) => void rows.push(row) });
    expect(sent).toEqual([]);
    expect(rows).toMatchObject([{ status: 'unknown', id: theirClaim(1).id }]);
    // The claim ahead and the second look; no beat.
    expect(transactions()).toBe(2);
  });

  it('only a "busy" verdict is judged again: an item already registered when looked at ahead costs no second transaction', async () => {
    writeRegistry(home, [record(API, 1, { scope: item(1).scope })]);
    const { p, sent, transactions } = ports(() => false);
    const { rows, error } = await run(p, [item(1), item(2)]);
    expect(error).toBeUndefined();
    expect(sent).toEqual([item(2)]);
    expect(rows.map((r) => r.status)).toEqual(['skipped', 'created']);
    // The claims ahead (both items), then item 2's outcome.
    expect(transactions()).toBe(2);
  });
});
