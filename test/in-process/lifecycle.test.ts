import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseEnv, checksumFiles } from '../helpers/cli.js';
import { runCliInProcess } from '../helpers/in-process.js';
import { perTestFakeAndHome } from '../helpers/per-test.js';
import { courseId, readRegistry, record, writeRegistry } from '../helpers/registry.js';

const KEY = 'tm_lifecycle_key_0123456789abc';
const HOOK = 'https://hooks.example.com/tm';
const t = perTestFakeAndHome();

const env = (): Record<string, string | undefined> => baseEnv(t.home, { TAGMANGO_API_URL: t.fake.url, TAGMANGO_API_KEY: KEY });
const subscribeArgs = ['subscribe', HOOK, '--event', 'course.completed.100', '--course', courseId(1)];
const unknownRecord = () => record(t.fake.url, 1, { event: 'course.completed.100', status: 'unknown', note: 'The connection was reset.' });

describe('resolve', () => {
  it('--exists makes an unknown record active without a request; a rerun then skips it', async () => {
    const file = writeRegistry(t.home, [unknownRecord()]);
    const stuck = await runCliInProcess(subscribeArgs, { env: env() });
    expect(stuck.code).toBe(1);
    expect(stuck.stdout).toMatch(/^unknown .*tagmango-hooks resolve wh_00000001 --exists/m);
    expect(stuck.stderr).toContain('tagmango-hooks resolve wh_00000001 --exists');

    const resolved = await runCliInProcess(['resolve', 'wh_00000001', '--exists', '--json'], { env: env() });
    expect(resolved.code, resolved.stderr).toBe(0);
    expect(JSON.parse(resolved.stdout)).toMatchObject({ ok: true, resolved: [{ id: 'wh_00000001', from: 'unknown', to: 'active' }] });
    expect(readRegistry(file).subscriptions[0]?.status).toBe('active');

    const rerun = await runCliInProcess([...subscribeArgs, '--json'], { env: env() });
    expect(rerun.code).toBe(0);
    expect(JSON.parse(rerun.stdout).results[0]).toMatchObject({ status: 'skipped', id: 'wh_00000001' });
    expect(t.fake.requests).toHaveLength(0);
  });

  it('--absent retires an unknown record; the next subscribe sends it once', async () => {
    const file = writeRegistry(t.home, [unknownRecord()]);
    const resolved = await runCliInProcess(['resolve', 'wh_00000001', '--absent'], { env: env() });
    expect(resolved.code, resolved.stderr).toBe(0);
    expect(resolved.stdout).toContain('absent; the next subscribe or migrate registers it again');
    expect(t.fake.requests).toHaveLength(0);

    t.fake.expect(1);
    const rerun = await runCliInProcess(subscribeArgs, { env: env() });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(t.fake.requests).toHaveLength(1);
    expect(readRegistry(file).subscriptions.map((r) => r.status)).toEqual(['absent', 'active']);
  });

  it('--absent settles a migration successor, so the next migrate sends it', async () => {
    const legacy = record(t.fake.url, 1);
    const successor = record(t.fake.url, 2, { event: 'course.completed.100', scope: legacy.scope, status: 'unknown' });
    writeRegistry(t.home, [legacy, successor]);
    const stuck = await runCliInProcess(['migrate', '--yes'], { env: env() });
    expect(stuck.code).toBe(4);
    expect(t.fake.requests).toHaveLength(0);
    expect((await runCliInProcess(['resolve', successor.id, '--absent'], { env: env() })).code).toBe(0);
    t.fake.expect(1);
    const migrated = await runCliInProcess(['migrate', '--yes'], { env: env() });
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(t.fake.requests).toHaveLength(1);
  });

  it.each([
    { name: 'neither flag', args: ['resolve', 'wh_00000001'], says: /--exists or --absent/ },
    { name: 'an id not in the registry', args: ['resolve', 'wh_zzzzzzzz', '--exists'], says: /No record with id "wh_zzzzzzzz"/ },
    { name: 'an active record', args: ['resolve', 'wh_00000002', '--absent'], says: /Cannot mark wh_00000002 absent: it is active/ },
    { name: 'both flags', args: ['resolve', 'wh_00000001', '--exists', '--absent'], says: /cannot be used with/ },
  ])('refuses $name: exit 2, nothing sent or written', async ({ args, says }) => {
    writeRegistry(t.home, [unknownRecord(), record(t.fake.url, 2)]);
    const before = checksumFiles(t.home);
    const result = await runCliInProcess(args, { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(says);
    expect(checksumFiles(t.home)).toEqual(before);
    expect(t.fake.requests).toHaveLength(0);
  });
});

describe('a bulk rerun over unknown outcomes', () => {
  it('sends nothing for them, reports them unknown and exits 4', async () => {
    writeRegistry(t.home, [unknownRecord()]);
    t.fake.expect(1);
    const result = await runCliInProcess(['subscribe', HOOK, '--event', 'course.completed.100', '--course', `${courseId(1)},${courseId(2)}`, '--json'], { env: env() });
    expect(result.code).toBe(4);
    const doc = JSON.parse(result.stdout) as { ok: boolean; results: { status: string }[]; error: { hint: string } };
    expect(doc.ok).toBe(false);
    expect(doc.results.map((r) => r.status)).toEqual(['unknown', 'created']);
    expect(doc.error.hint).toContain('tagmango-hooks resolve wh_00000001');
    expect(t.fake.requests).toHaveLength(1);
  });
});
