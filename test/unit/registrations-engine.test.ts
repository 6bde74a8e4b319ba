import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError } from '../../src/errors.js';
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
    warn: () => undefined,
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
        warn: () => undefined,
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
