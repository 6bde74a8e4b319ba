import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { disk } from '../../src/files/durable.js';
import { RegistryStore } from '../../src/registry/store.js';
import { courseIds, courseOf } from '../helpers/courses.js';
import { tempHome } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';
import { everyRegistration } from '../helpers/fake-tagmango.js';
import { perTestFakeAndHome } from '../helpers/per-test.js';

const KEY = 'tm_disk_faults_key_0123456789abcdef';
const HOOK = 'https://hooks.example.com/disk-faults';
const IDS = courseIds(3);
const ARGS = ['subscribe', HOOK, '--course', IDS.join(','), '--concurrency', '2', '--json'];

// How many registrations a run sends depends on the write the fault hits: each is expected, and
// answered as TagMango would; any other request is not.
const t = perTestFakeAndHome({ apiKey: KEY, route: everyRegistration });
afterEach(() => {
  vi.restoreAllMocks();
});

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected`), { code });
}

// EDQUOT, EROFS and the rest differ only in their sentence: test/unit/durable.test.ts.
type Fault = 'ENOSPC on a write' | 'a short write, then a full disk' | 'EIO from fsync';

/**
 * Make the n-th call of the kind the fault hits fail (the disk stays broken after it, as a full
 * disk does); returns how many such calls were made and whether the fault fired.
 */
function inject(fault: Fault, n: number): { calls: () => number; fired: () => boolean } {
  let calls = 0;
  let broken = false;
  const write = disk.writeSync;
  const fsyncSync = disk.fsyncSync;
  const fdatasync = disk.fdatasync;
  const hitsWrites = fault !== 'EIO from fsync';
  vi.spyOn(disk, 'writeSync').mockImplementation((fd, bytes, offset, length, position) => {
    if (!hitsWrites) return write(fd, bytes, offset, length, position);
    if (broken) throw errno('ENOSPC');
    if (++calls !== n) return write(fd, bytes, offset, length, position);
    broken = true;
    if (fault === 'a short write, then a full disk') return write(fd, bytes, offset, Math.max(1, Math.floor(length / 2)), position);
    throw errno('ENOSPC');
  });
  const sync = <T>(real: () => T, fail: () => T): T => {
    if (fault !== 'EIO from fsync') return real();
    if (broken || ++calls === n) {
      broken = true;
      return fail();
    }
    return real();
  };
  vi.spyOn(disk, 'fsyncSync').mockImplementation((fd) => sync(() => fsyncSync(fd), () => {
    throw errno('EIO');
  }));
  vi.spyOn(disk, 'fdatasync').mockImplementation((fd) => sync(() => fdatasync(fd), () => Promise.reject(errno('EIO'))));
  return { calls: () => calls, fired: () => broken };
}

function env(home: string): Record<string, string> {
  return { TAGMANGO_HOOKS_HOME: home, TAGMANGO_API_KEY: KEY, TAGMANGO_API_URL: t.fake.url };
}

describe('every write of a bulk run failing in turn', () => {
  it('a single short write is completed, not lost: exit 0, every outcome recorded', async () => {
    let shortened = false;
    const write = disk.writeSync;
    vi.spyOn(disk, 'writeSync').mockImplementation((fd, bytes, offset, length, position) => {
      if (shortened || length < 2) return write(fd, bytes, offset, length, position);
      shortened = true;
      return write(fd, bytes, offset, Math.floor(length / 2), position);
    });
    const result = await runInProcess(ARGS, { env: env(t.home) });
    expect(shortened).toBe(true);
    expect(result.code).toBe(0);
    expect(t.fake.requests.map(courseOf).sort()).toEqual([...IDS].sort());
    const records = new RegistryStore(path.join(t.home, 'subscriptions.json')).read().subscriptions;
    expect(records.map((r) => r.status)).toEqual(IDS.map(() => 'active'));
  });

  it.each<Fault>(['ENOSPC on a write', 'a short write, then a full disk', 'EIO from fsync'])(
    '%s: the run exits non-zero naming it, and the rerun registers nothing twice',
    { timeout: 30_000 },
    async (fault) => {
      // How many calls a healthy run makes, to fail each in turn.
      const healthy = inject(fault, Number.POSITIVE_INFINITY);
      await runInProcess(ARGS, { env: env(tempHome()) });
      const writes = healthy.calls();
      vi.restoreAllMocks();
      expect(writes).toBeGreaterThan(3);
      let tried = 0;
      for (let n = 1; n <= writes + 2; n++) {
        // Each call's pair of runs has its own home: only its own requests are counted.
        t.fake.requests.length = 0;
        const home = tempHome();
        const injected = inject(fault, n);
        const first = await runInProcess(ARGS, { env: env(home) });
        vi.restoreAllMocks();
        if (!injected.fired()) continue;
        tried += 1;
        expect(first.code, `fault at call ${n}`).toBe(1);
        expect(first.stdout + first.stderr, `fault at call ${n}`).toMatch(/disk is full|wrote only part of the data|input\/output error/);
        expect(first.stdout + first.stderr).not.toMatch(/Unexpected error/);
        const rerun = await runInProcess(ARGS, { env: env(home) });
        expect([0, 4], `rerun after a fault at call ${n}: ${rerun.stdout}`).toContain(rerun.code);
        const perCourse = new Map<string, number>();
        for (const request of t.fake.requests) perCourse.set(courseOf(request), (perCourse.get(courseOf(request)) ?? 0) + 1);
        expect([...perCourse].filter(([, count]) => count > 1), `fault at call ${n}`).toEqual([]);
        // Each course is registered, or in doubt (its claim was durable): never absent, so never sent again blindly.
        const records = new RegistryStore(path.join(home, 'subscriptions.json')).read().subscriptions;
        expect(records.map((r) => r.scope?.id).sort(), `fault at call ${n}`).toEqual([...IDS].sort());
        expect(records.filter((r) => r.status !== 'active' && r.status !== 'unknown')).toEqual([]);
        expect(fs.existsSync(path.join(home, 'subscriptions.json.lock'))).toBe(false);
      }
      expect(tried).toBeGreaterThan(3);
    },
  );
});

describe('the config file on a full disk', () => {
  it('login that cannot write the config whole fails naming the disk, and the stored key is kept', async () => {
    const env = { TAGMANGO_HOOKS_HOME: t.home };
    expect((await runInProcess(['login', '--api-key-stdin'], { env, stdin: `${KEY}\n` })).code).toBe(0);
    const config = path.join(t.home, 'config.json');
    const before = fs.readFileSync(config, 'utf8');
    const write = disk.writeSync;
    let calls = 0;
    // The lock's write goes through; the config's own is cut short, then the disk is full.
    vi.spyOn(disk, 'writeSync').mockImplementation((fd, bytes, offset, length, position) => {
      calls += 1;
      if (calls === 1) return write(fd, bytes, offset, length, position);
      if (calls === 2) return write(fd, bytes, offset, Math.floor(length / 2), position);
      throw errno('ENOSPC');
    });
    const result = await runInProcess(['login', '--api-key-stdin'], { env, stdin: 'tm_live_other_key_0123456789abcdefgh\n' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Cannot write the config file .*config\.json: the disk is full\./);
    expect(fs.readFileSync(config, 'utf8')).toBe(before);
    expect(fs.readdirSync(t.home).filter((name) => name.endsWith('.tmp') || name.endsWith('.lock'))).toEqual([]);
  });
});
