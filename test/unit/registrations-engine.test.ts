import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError } from '../../src/errors.js';
import { claimAhead } from '../../src/registrations/claims.js';
import { registerBatch as streamRows } from '../../src/registrations/engine.js';
import type { BatchOptions, BatchPorts, ResultRow } from '../../src/registrations/types.js';
import type { ProcessProbe, RunIdentity } from '../../src/registry/process-identity.js';
import { systemLockClock, type LockClock } from '../../src/files/lock.js';
import { RegistryStore } from '../../src/registry/store.js';
import type { RegistrationOutcome } from '../../src/tagmango/client.js';
import type { Registration } from '../../src/tagmango/registration.js';
import { courseId, record, writeRegistry } from '../helpers/registry.js';

const API = 'https://api.example.com';
const NOW = new Date('2026-03-01T12:00:00.000Z');
const ME: RunIdentity = { host: 'box-a', pid: 4242, start: '100', nonce: 'aaaaaaaaaaaaaaaa' };

/** A probe that knows only the runs it is told are alive on host box-a. */
function probe(alive: readonly string[] = []): ProcessProbe {
  return { self: ME, isRunning: (o) => (o.host === 'box-a' ? o.nonce === ME.nonce || alive.includes(o.nonce) : undefined), end: () => undefined };
}

let home: string;
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'tmh-engine-'));
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

const item = (n: number): Registration => ({ hookUrl: 'https://hooks.example.com/tm', event: 'course.completed', scope: { key: 'course', id: courseId(n) } });

/** Ports over a temp registry and a client that answers from a script and records what it was sent. */
function ports(answers: RegistrationOutcome[], alive: readonly string[] = []): BatchPorts & { sent: Registration[]; store: RegistryStore } {
  const sent: Registration[] = [];
  const store = new RegistryStore(path.join(home, 'subscriptions.json'), () => NOW, probe(alive));
  return {
    store,
    sent,
    registry: store,
    scrub: (t) => t.replaceAll('SECRET', '****'),
    client: {
      registerWebhook: async (i) => {
        sent.push(i);
        return answers.shift() ?? { status: 'created', httpStatus: 201, remoteId: 'r1', response: { key: 'SECRET' }, attempts: 1 };
      },
    },
  };
}

const options = { apiUrl: API, profile: 'default', force: false, concurrency: 2 };

/** registerBatch with its rows collected, by position. */
async function registerBatch(p: BatchPorts, items: readonly Registration[], batch: BatchOptions): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  await streamRows(p, items, { ...batch, onRow: (row, position) => void (rows[position] = row) });
  return rows;
}

describe('registerBatch through its ports', () => {
  it('claims with this run as owner, stores the scrubbed answer, and writes active', async () => {
    const p = ports([]);
    const rows = await registerBatch(p, [item(1)], options);
    expect(rows).toMatchObject([{ status: 'created' }]);
    const [stored] = p.store.read().subscriptions;
    expect(stored).toMatchObject({ status: 'active', response: { key: '****' }, createdAt: NOW.toISOString() });
    expect(stored?.owner).toBeUndefined();
  });

  it('sends nothing over an unknown record and says to resolve it; --force sends and marks the old one a possible duplicate', async () => {
    writeRegistry(home, [record(API, 1, { status: 'unknown' })]);
    const p = ports([]);
    const rows = await registerBatch(p, [item(1)], options);
    expect(rows).toMatchObject([{ status: 'unknown', id: 'wh_00000001', error: { code: 'OUTCOME_UNKNOWN' }, reason: expect.stringContaining('tagmango-hooks resolve wh_00000001 --exists') }]);
    expect(p.sent).toEqual([]);

    const forced = await registerBatch(p, [item(1)], { ...options, force: true });
    expect(forced).toMatchObject([{ status: 'created' }]);
    const [old, created] = p.store.read().subscriptions;
    expect(old).toMatchObject({ status: 'duplicate', duplicateOf: created?.id });
    expect(created?.status).toBe('active');
  });

  it('an active record wins over an older unknown one: skipped, nothing sent', async () => {
    writeRegistry(home, [record(API, 1, { status: 'unknown' }), record(API, 2, { scope: item(1).scope })]);
    const p = ports([]);
    expect(await registerBatch(p, [item(1)], options)).toMatchObject([{ status: 'skipped', id: 'wh_00000002' }]);
    expect(p.sent).toEqual([]);
  });

  it('a failed answer drops the claim; an unknown one keeps the record as unknown with the escaped message', async () => {
    const p = ports([
      { status: 'failed', error: new CliError('HTTP_500', 'boom', 1), attempts: 1 },
      { status: 'unknown', error: new CliError('RESET', 'reset\u001b[2J', 1), attempts: 1 },
    ]);
    const rows = await registerBatch(p, [item(1), item(2)], { ...options, concurrency: 1 });
    expect(rows.map((r) => r.status)).toEqual(['failed', 'unknown']);
    expect(p.store.read().subscriptions).toMatchObject([{ status: 'unknown', note: 'reset\\u001b[2J', scope: item(2).scope }]);
  });
});

describe('claims of other runs', () => {
  const pending = (owner: RunIdentity, heartbeat: string) => record(API, 1, { status: 'pending', owner: { ...owner, heartbeat } });

  it('a claim of a live run on this host blocks; one whose run is gone reads unknown at once', async () => {
    const other = { ...ME, pid: 1, nonce: 'bbbbbbbbbbbbbbbb' };
    writeRegistry(home, [pending(other, NOW.toISOString())]);
    expect(await registerBatch(ports([], ['bbbbbbbbbbbbbbbb']), [item(1)], options)).toMatchObject([{ status: 'skipped', reason: expect.stringContaining('Another run') }]);
    expect(await registerBatch(ports([]), [item(1)], options)).toMatchObject([{ status: 'unknown' }]);
  });

  it('a claim whose run ends while this run goes reads unknown when its item comes up, not skipped as still being registered', async () => {
    const other = { ...ME, pid: 1, nonce: 'bbbbbbbbbbbbbbbb' };
    writeRegistry(home, [{ ...record(API, 9, { scope: item(2).scope }), status: 'pending', owner: { ...other, heartbeat: NOW.toISOString() } }]);
    const alive = ['bbbbbbbbbbbbbbbb'];
    const p = ports([], alive);
    const send = p.client.registerWebhook;
    // The other run dies while this one sends its first item; nothing else touches the registry.
    p.client.registerWebhook = async (i) => {
      alive.length = 0;
      return send(i);
    };
    const rows = await registerBatch(p, [item(1), item(2)], { ...options, concurrency: 1 });
    expect(rows.map((r) => r.status)).toEqual(['created', 'unknown']);
    expect(rows[1]).toMatchObject({ id: 'wh_00000009', reason: expect.stringContaining('tagmango-hooks resolve wh_00000009') });
    expect(p.sent).toEqual([item(1)]);
  });

  it('a claim from another host is judged by its heartbeat', async () => {
    const remote = { host: 'box-b', pid: 7, nonce: 'cccccccccccccccc' };
    writeRegistry(home, [pending(remote, new Date(NOW.getTime() - 10_000).toISOString())]);
    expect(await registerBatch(ports([]), [item(1)], options)).toMatchObject([{ status: 'skipped' }]);
    writeRegistry(home, [pending(remote, new Date(NOW.getTime() - 120_000).toISOString())]);
    expect(await registerBatch(ports([]), [item(1)], options)).toMatchObject([{ status: 'unknown' }]);
  });

  it('a heartbeat from another host far in the future (a skewed clock or a hand edit) does not keep its claim alive for ever', async () => {
    const remote = { host: 'box-b', pid: 7, nonce: 'cccccccccccccccc' };
    writeRegistry(home, [pending(remote, new Date(NOW.getTime() + 10_000).toISOString())]);
    expect(await registerBatch(ports([]), [item(1)], options)).toMatchObject([{ status: 'skipped' }]);
    writeRegistry(home, [pending(remote, '2099-01-01T00:00:00.000Z')]);
    const p = ports([]);
    expect(await registerBatch(p, [item(1)], options)).toMatchObject([{ status: 'unknown', reason: expect.stringContaining('tagmango-hooks resolve wh_00000001') }]);
    expect(p.sent).toEqual([]);
  });
});

describe('the heartbeat of claims', () => {
  it('beats on the registry clock: a tick while a request is in flight stamps the claim with that clock time', async () => {
    const ticks: (() => void)[] = [];
    let now = NOW.getTime();
    const clock: LockClock = {
      ...systemLockClock,
      now: () => now,
      every: (_ms, tick) => {
        ticks.push(tick);
        return () => ticks.splice(ticks.indexOf(tick), 1);
      },
    };
    const file = path.join(home, 'subscriptions.json');
    const store = new RegistryStore(file, () => new Date(now), probe([]), clock);
    let answer!: (outcome: RegistrationOutcome) => void;
    let sending!: () => void;
    const sent = new Promise<void>((resolve) => (sending = resolve));
    const run = registerBatch(
      {
        registry: store,
        scrub: (t) => t,
            client: {
          registerWebhook: () => {
            sending();
            return new Promise((resolve) => (answer = resolve));
          },
        },
      },
      [item(1)],
      options,
    );
    await sent;
    // The heartbeat's timer; the claim's group commit lets the lock (and its refresh timer) go within LINGER_MS.
    await expect.poll(() => ticks.length).toBe(1);
    now += 60_000;
    ticks[0]?.();
    await expect.poll(() => new RegistryStore(file, () => new Date(now), probe([])).read().subscriptions[0]?.owner?.heartbeat).toBe(new Date(now).toISOString());
    answer({ status: 'created', httpStatus: 201, remoteId: 'r1', response: {}, attempts: 1 });
    await run;
    expect(ticks).toHaveLength(0);
  });
});

describe('the bound on claims ahead and requests in flight', () => {
  it('after an answer, claims ahead and requests in flight together stay at concurrency + claimAhead', async () => {
    const concurrency = 2;
    const p = ports([]);
    const created: RegistrationOutcome = { status: 'created', httpStatus: 201, remoteId: 'r', response: {}, attempts: 1 };
    const held: (() => void)[] = [];
    // The first request is answered at once; the others wait until the end of the test.
    p.client.registerWebhook = async (i) => {
      p.sent.push(i);
      if (p.sent.length === 1) return created;
      return new Promise((resolve) => held.push(() => resolve(created)));
    };
    const run = registerBatch(p, Array.from({ length: 20 }, (_, n) => item(n + 1)), { ...options, concurrency });
    const statuses = (): string[] => p.store.read().subscriptions.map((r) => r.status);
    // The claims made after the first answer were queued before its outcome: once that is on disk, so are they.
    await expect.poll(() => p.sent.length === 3 && statuses()[0] === 'active').toBe(true);
    expect(statuses().filter((s) => s === 'pending')).toHaveLength(concurrency + claimAhead(concurrency));
    expect(statuses()).toHaveLength(1 + concurrency + claimAhead(concurrency));
    const finish = (): void => {
      while (held.length > 0) held.shift()?.();
    };
    finish();
    await expect.poll(() => (finish(), p.sent.length)).toBe(20);
    finish();
    expect((await run).map((r) => r.status)).toEqual(Array(20).fill('created'));
  });
});

describe('rows of a batch', () => {
  it('a failed row has no id (nothing exists); an unknown row keeps its id and says how to settle it', async () => {
    const p = ports([
      { status: 'failed', error: new CliError('HTTP_500', 'boom', 1), attempts: 1 },
      { status: 'unknown', error: new CliError('RESET', 'reset', 1), attempts: 1 },
    ]);
    const rows = await registerBatch(p, [item(1), item(2)], { ...options, concurrency: 1 });
    const [unknown] = p.store.read().subscriptions;
    expect(rows[0]).toEqual({ event: item(1).event, hookUrl: item(1).hookUrl, scope: item(1).scope, status: 'failed', id: null, error: { code: 'HTTP_500', message: 'boom' } });
    expect(rows[1]).toEqual({
      event: item(2).event,
      hookUrl: item(2).hookUrl,
      scope: item(2).scope,
      status: 'unknown',
      id: unknown?.id,
      error: { code: 'RESET', message: 'reset' },
      reason: `Check the TagMango dashboard, then run: tagmango-hooks resolve ${unknown?.id} --exists (it is there) or --absent (it is not).`,
    });
  });

  it('a created row carries the id of its record and nothing else', async () => {
    const p = ports([]);
    const rows = await registerBatch(p, [item(1)], options);
    expect(rows).toEqual([{ event: item(1).event, hookUrl: item(1).hookUrl, scope: item(1).scope, status: 'created', id: p.store.read().subscriptions[0]?.id }]);
  });

  it('a rejected key stops the run: the rest are not sent, with the reason, and leave no record', async () => {
    const auth = new CliError('AUTH', 'TagMango rejected the API key (401).', 3);
    const p = ports([{ status: 'failed', error: auth, attempts: 1 }]);
    const rows = await registerBatch(p, [item(1), item(2), item(3)], { ...options, concurrency: 1 });
    expect(p.sent).toEqual([item(1)]);
    expect(rows.map((r) => [r.status, r.id, r.error, r.reason])).toEqual([
      ['failed', null, { code: 'AUTH', message: 'TagMango rejected the API key (401).' }, undefined],
      ['cancelled', null, undefined, 'Not sent: TagMango rejected the API key (401).'],
      ['cancelled', null, undefined, 'Not sent: TagMango rejected the API key (401).'],
    ]);
    expect(p.store.read().subscriptions).toEqual([]);
  });

  it('a run stopped before it starts sends nothing, claims nothing, and every row says it was not sent', async () => {
    const p = ports([]);
    const controller = new AbortController();
    controller.abort();
    const rows = await registerBatch({ ...p, signal: controller.signal }, [item(1), item(2)], options);
    expect(p.sent).toEqual([]);
    expect(rows.map((r) => [r.status, r.id, r.error, r.reason])).toEqual([
      ['cancelled', null, undefined, 'Not sent: the run was stopped.'],
      ['cancelled', null, undefined, 'Not sent: the run was stopped.'],
    ]);
    expect(fs.existsSync(path.join(home, 'subscriptions.json')) ? p.store.read().subscriptions : []).toEqual([]);
  });

  it('a stop while requests are in flight drops the claims made ahead: only what was sent is recorded', async () => {
    const p = ports([]);
    const controller = new AbortController();
    const send = p.client.registerWebhook;
    p.client.registerWebhook = async (i) => {
      controller.abort();
      return send(i);
    };
    const rows = await registerBatch({ ...p, signal: controller.signal }, Array.from({ length: 8 }, (_, n) => item(n + 1)), { ...options, concurrency: 2 });
    expect(rows.filter((r) => r.status === 'created')).toHaveLength(p.sent.length);
    const notSent = rows.filter((r) => r.status === 'cancelled');
    expect(notSent).toHaveLength(8 - p.sent.length);
    expect(notSent.map((r) => [r.id, r.error, r.reason])).toEqual(notSent.map(() => [null, undefined, 'Not sent: the run was stopped.']));
    expect(p.store.read().subscriptions.map((r) => r.status)).toEqual(p.sent.map(() => 'active'));
  });

  it('passes every row on in input order, each once, and reports each settled row', async () => {
    const p = ports([{ status: 'failed', error: new CliError('HTTP_500', 'boom', 1), attempts: 1 }]);
    const seen: number[] = [];
    const settled: string[] = [];
    await streamRows(p, [item(1), item(2), item(1)], { ...options, onRow: (_row, position) => seen.push(position), onSettled: (row) => settled.push(row.status) });
    expect(seen).toEqual([0, 1, 2]);
    expect(settled.sort()).toEqual(['created', 'failed', 'skipped']);
  });
});

describe('a batch and its registry', () => {
  const created: RegistrationOutcome = { status: 'created', httpStatus: 201, remoteId: 'r', response: {}, attempts: 1 };

  it('a registry that fails before anything is claimed is the run\'s error: nothing sent, no rows', async () => {
    const file = path.join(home, 'subscriptions.json');
    fs.writeFileSync(file, '{ not json');
    const p = ports([]);
    const rows: ResultRow[] = [];
    await expect(streamRows(p, [item(1), item(2)], { ...options, onRow: (row) => rows.push(row) })).rejects.toMatchObject({ code: expect.stringMatching(/^REGISTRY_/) });
    expect(p.sent).toEqual([]);
    expect(rows).toEqual([]);
    expect(fs.readFileSync(file, 'utf8')).toBe('{ not json');
  });

  it('a journal that cannot be folded in at the end is the run\'s error (exit 1), and every row stands', async () => {
    const p = ports([]);
    p.store.compact = () => Promise.reject(new CliError('REGISTRY_UNWRITABLE', 'The disk is full.', 1));
    const rows: ResultRow[] = [];
    await expect(streamRows(p, [item(1)], { ...options, onRow: (row, position) => void (rows[position] = row) })).rejects.toMatchObject({
      code: 'REGISTRY_NOT_COMPACTED',
      exitCode: 1,
      message: "The disk is full. Every outcome is kept in the registry's journal, which the next run folds in.",
    });
    expect(rows.map((r) => r.status)).toEqual(['created']);
    // The outcome is in the journal: the next reader sees it.
    expect(p.store.read().subscriptions.map((r) => r.status)).toEqual(['active']);
  });

  it('an outcome is not written over a record another run settled meanwhile', async () => {
    const p = ports([]);
    const other = new RegistryStore(path.join(home, 'subscriptions.json'), () => NOW, probe(['bbbbbbbbbbbbbbbb']));
    p.client.registerWebhook = async (i) => {
      p.sent.push(i);
      // Another run judged this claim dead and marked it unknown while the request was out.
      await other.update((data) => {
        const mine = data.subscriptions[0];
        if (mine) Object.assign(mine, { status: 'unknown', note: 'judged dead' }, { owner: undefined });
      });
      return created;
    };
    const rows = await registerBatch(p, [item(1)], options);
    expect(rows[0]).toMatchObject({ status: 'created' });
    expect(rows[0]?.reason).toBeUndefined();
    expect(p.store.read().subscriptions.map((r) => [r.status, r.note])).toEqual([['unknown', 'judged dead']]);
  });

  it('an outcome whose record another run removed meanwhile is dropped quietly', async () => {
    const p = ports([]);
    const other = new RegistryStore(path.join(home, 'subscriptions.json'), () => NOW, probe(['bbbbbbbbbbbbbbbb']));
    p.client.registerWebhook = async (i) => {
      p.sent.push(i);
      await other.update((data) => void data.subscriptions.splice(0));
      return created;
    };
    const rows = await registerBatch(p, [item(1), item(2)], { ...options, concurrency: 1 });
    expect(rows.map((r) => [r.status, r.reason])).toEqual([
      ['created', undefined],
      ['created', undefined],
    ]);
  });

  it('a stop releases the claims made ahead, but not one another run settled meanwhile', async () => {
    const p = ports([]);
    const controller = new AbortController();
    const other = new RegistryStore(path.join(home, 'subscriptions.json'), () => NOW, probe(['bbbbbbbbbbbbbbbb']));
    p.client.registerWebhook = async (i) => {
      p.sent.push(i);
      // Claims ahead: the next two items. Another run marks the first of them unknown; then the user stops.
      await other.update((data) => {
        const next = data.subscriptions.find((r) => r.scope?.id === item(2).scope?.id);
        if (next) Object.assign(next, { status: 'unknown', note: 'judged dead', owner: undefined });
      });
      controller.abort();
      return created;
    };
    const rows = await registerBatch({ ...p, signal: controller.signal }, [item(1), item(2), item(3), item(4)], { ...options, concurrency: 1 });
    expect(p.sent).toEqual([item(1)]);
    expect(rows.map((r) => r.status)).toEqual(['created', 'cancelled', 'cancelled', 'cancelled']);
    // The claim of item 3 is dropped; item 2's record, settled by the other run, is left as it is.
    expect(p.store.read().subscriptions.map((r) => [r.scope?.id, r.status])).toEqual([
      [item(1).scope?.id, 'active'],
      [item(2).scope?.id, 'unknown'],
    ]);
  });

  it('a row repeated in the input stays skipped after a stop, with no onSettled given', async () => {
    const p = ports([]);
    const controller = new AbortController();
    const send = p.client.registerWebhook;
    p.client.registerWebhook = async (i) => {
      controller.abort();
      return send(i);
    };
    const rows: ResultRow[] = [];
    await streamRows({ ...p, signal: controller.signal }, [item(1), item(2), item(3), item(1)], { ...options, concurrency: 1, onRow: (row, position) => void (rows[position] = row) });
    expect(rows.map((r) => r.status)).toEqual(['created', 'cancelled', 'cancelled', 'skipped']);
  });

  it('passes a row on as soon as it and the rows before it are final, while later ones are still out', async () => {
    const p = ports([]);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const send = p.client.registerWebhook;
    p.client.registerWebhook = async (i) => {
      if (i.scope?.id === item(2).scope?.id) await gate;
      return send(i);
    };
    const passed: number[] = [];
    const run = streamRows(p, [item(1), item(2)], { ...options, concurrency: 2, onRow: (_row, position) => void passed.push(position) });
    await expect.poll(() => passed).toEqual([0]);
    release();
    await run;
    expect(passed).toEqual([0, 1]);
  });

  it('the heartbeat refreshes this run\'s claims only, never another live run\'s', async () => {
    const ticks: (() => void)[] = [];
    let now = NOW.getTime();
    const clock: LockClock = { ...systemLockClock, now: () => now, every: (_ms, tick) => (ticks.push(tick), () => ticks.splice(ticks.indexOf(tick), 1)) };
    const file = path.join(home, 'subscriptions.json');
    const otherRun = { ...ME, pid: 1, nonce: 'bbbbbbbbbbbbbbbb' };
    const theirs = { ...record(API, 9, { scope: item(2).scope }), status: 'pending' as const, owner: { ...otherRun, heartbeat: NOW.toISOString() } };
    writeRegistry(home, [theirs]);
    const store = new RegistryStore(file, () => new Date(now), probe(['bbbbbbbbbbbbbbbb']), clock);
    let answer!: () => void;
    const sent = new Promise<void>((resolve) => (answer = resolve));
    let finish!: (o: RegistrationOutcome) => void;
    const run = registerBatch(
      { registry: store, scrub: (t) => t, client: { registerWebhook: () => (answer(), new Promise((resolve) => (finish = resolve))) } },
      [item(1), item(2)],
      { ...options, concurrency: 1 },
    );
    await sent;
    now += 60_000;
    ticks[0]?.();
    const read = () => new RegistryStore(file, () => new Date(now), probe(['bbbbbbbbbbbbbbbb'])).read().subscriptions;
    await expect.poll(() => read().find((r) => r.id !== theirs.id)?.owner?.heartbeat).toBe(new Date(now).toISOString());
    expect(read().find((r) => r.id === theirs.id)?.owner?.heartbeat).toBe(NOW.toISOString());
    finish(created);
    expect((await run).map((r) => r.status)).toEqual(['created', 'skipped']);
  });
});

describe('a batch without listeners, and a claim removed meanwhile', () => {
  it('runs without onRow or onSettled', async () => {
    const p = ports([]);
    await expect(streamRows(p, [item(1), item(1)], options)).resolves.toBeUndefined();
    expect(p.sent).toEqual([item(1)]);
  });

  it('a stop releases the other claims made ahead when another run removed one of them meanwhile', async () => {
    const p = ports([]);
    const controller = new AbortController();
    const other = new RegistryStore(path.join(home, 'subscriptions.json'), () => NOW, probe(['bbbbbbbbbbbbbbbb']));
    p.client.registerWebhook = async (i) => {
      p.sent.push(i);
      await other.update((data) => {
        const next = data.subscriptions.findIndex((r) => r.scope?.id === item(2).scope?.id);
        if (next >= 0) data.subscriptions.splice(next, 1);
      });
      controller.abort();
      return { status: 'created', httpStatus: 201, remoteId: 'r', response: {}, attempts: 1 };
    };
    await registerBatch({ ...p, signal: controller.signal }, [item(1), item(2), item(3), item(4)], { ...options, concurrency: 1 });
    expect(p.store.read().subscriptions.map((r) => [r.scope?.id, r.status])).toEqual([[item(1).scope?.id, 'active']]);
  });
});
