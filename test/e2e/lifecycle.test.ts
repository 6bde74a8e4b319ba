import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, baseEnv, checksumFiles, runCli, runProcess, spawnProcess, waitFor } from '../helpers/cli.js';
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
    const stuck = await runCli(subscribeArgs, { env: env() });
    expect(stuck.code).toBe(1);
    expect(stuck.stdout).toMatch(/^unknown .*tagmango-hooks resolve wh_00000001 --exists/m);
    expect(stuck.stderr).toContain('tagmango-hooks resolve wh_00000001 --exists');

    const resolved = await runCli(['resolve', 'wh_00000001', '--exists', '--json'], { env: env() });
    expect(resolved.code, resolved.stderr).toBe(0);
    expect(JSON.parse(resolved.stdout)).toMatchObject({ ok: true, resolved: [{ id: 'wh_00000001', from: 'unknown', to: 'active' }] });
    expect(readRegistry(file).subscriptions[0]?.status).toBe('active');

    const rerun = await runCli([...subscribeArgs, '--json'], { env: env() });
    expect(rerun.code).toBe(0);
    expect(JSON.parse(rerun.stdout).results[0]).toMatchObject({ status: 'skipped', id: 'wh_00000001' });
    expect(t.fake.requests).toHaveLength(0);
  });

  it('--absent retires an unknown record; the next subscribe sends it once', async () => {
    const file = writeRegistry(t.home, [unknownRecord()]);
    const resolved = await runCli(['resolve', 'wh_00000001', '--absent'], { env: env() });
    expect(resolved.code, resolved.stderr).toBe(0);
    expect(resolved.stdout).toContain('absent; the next subscribe or migrate registers it again');
    expect(t.fake.requests).toHaveLength(0);

    const rerun = await runCli(subscribeArgs, { env: env() });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(t.fake.requests).toHaveLength(1);
    expect(readRegistry(file).subscriptions.map((r) => r.status)).toEqual(['absent', 'active']);
  });

  it('--absent settles a migration successor, so the next migrate sends it', async () => {
    const legacy = record(t.fake.url, 1);
    const successor = record(t.fake.url, 2, { event: 'course.completed.100', scope: legacy.scope, status: 'unknown' });
    writeRegistry(t.home, [legacy, successor]);
    const stuck = await runCli(['migrate', '--yes'], { env: env() });
    expect(stuck.code).toBe(4);
    expect(t.fake.requests).toHaveLength(0);
    expect((await runCli(['resolve', successor.id, '--absent'], { env: env() })).code).toBe(0);
    const migrated = await runCli(['migrate', '--yes'], { env: env() });
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
    const result = await runCli(args, { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(says);
    expect(checksumFiles(t.home)).toEqual(before);
    expect(t.fake.requests).toHaveLength(0);
  });
});

describe('a bulk rerun over unknown outcomes', () => {
  it('sends nothing for them, reports them unknown and exits 4', async () => {
    writeRegistry(t.home, [unknownRecord()]);
    const result = await runCli(['subscribe', HOOK, '--event', 'course.completed.100', '--course', `${courseId(1)},${courseId(2)}`, '--json'], { env: env() });
    expect(result.code).toBe(4);
    const doc = JSON.parse(result.stdout) as { ok: boolean; results: { status: string }[]; error: { hint: string } };
    expect(doc.ok).toBe(false);
    expect(doc.results.map((r) => r.status)).toEqual(['unknown', 'created']);
    expect(doc.error.hint).toContain('tagmango-hooks resolve wh_00000001');
    expect(t.fake.requests).toHaveLength(1);
  });
});

function readCmdline(pid: string): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

const unshare = spawnSync('unshare', ['--pid', '--fork', '--mount-proc', '--kill-child', 'true']);
const canUnshare = unshare.status === 0;

describe('a claim whose run is gone', () => {
  it.skipIf(!canUnshare)('does not block the next run when the run was pid 1 in a pid namespace and was killed', async () => {
    t.fake.reply({ hang: true });
    const run = spawnProcess('unshare', ['--pid', '--fork', '--mount-proc', '--kill-child', process.execPath, BIN, ...subscribeArgs], { env: env() });
    await waitFor(() => t.fake.requests.length === 1, 15_000, 'the request in flight');
    run.child.kill('SIGKILL');
    await run.done;
    const file = path.join(t.home, 'subscriptions.json');
    const journal = fs.readFileSync(`${file}.journal`, 'utf8');
    expect(journal).toMatch(/"status":"pending","(owner":1|[^}]*"pid":1,)/);

    // pid 1 runs on this host too, but it is not the same process: the claim reads unknown at once.
    const next = await runCli([...subscribeArgs, '--json'], { env: env() });
    expect(next.code).toBe(1);
    expect(JSON.parse(next.stdout).results[0]).toMatchObject({ status: 'unknown', reason: expect.stringContaining('tagmango-hooks resolve') });
    expect(t.fake.requests).toHaveLength(1);
  }, 30_000);

  it.skipIf(!canUnshare)('blocks a run on the host while its run lives as pid 1 in a pid namespace, and reads unknown once it is killed', async () => {
    t.fake.reply({ hang: true });
    const run = spawnProcess('unshare', ['--pid', '--fork', '--mount-proc', '--kill-child', process.execPath, BIN, ...subscribeArgs], { env: env() });
    await waitFor(() => t.fake.requests.length === 1, 15_000, 'the request in flight');

    // Pid 1 on the host is another process: the claim's pid is judged in the namespace that wrote it.
    const meanwhile = await runCli([...subscribeArgs, '--json'], { env: env() });
    expect(JSON.parse(meanwhile.stdout).results[0]).toMatchObject({ status: 'skipped', reason: expect.stringContaining('Another run') });

    run.child.kill('SIGKILL');
    await run.done;
    await waitFor(() => !fs.readdirSync('/proc').some((p) => /^\d+$/.test(p) && readCmdline(p).includes(subscribeArgs[1] as string) && readCmdline(p).startsWith(process.execPath)), 10_000, 'the run in the namespace to end');
    const next = await runCli([...subscribeArgs, '--json'], { env: env() });
    expect(JSON.parse(next.stdout).results[0]).toMatchObject({ status: 'unknown' });
    expect(t.fake.requests).toHaveLength(1);
  }, 40_000);

  it.skipIf(!canUnshare)('blocks a run in a sibling pid namespace, which cannot see it, while its heartbeat is fresh', async () => {
    t.fake.reply({ hang: true });
    const inNamespace = (args: string[]) => ['--pid', '--fork', '--mount-proc', '--kill-child', process.execPath, BIN, ...args];
    const run = spawnProcess('unshare', inNamespace(subscribeArgs), { env: env() });
    await waitFor(() => t.fake.requests.length === 1, 15_000, 'the request in flight');
    const sibling = await runProcess('unshare', inNamespace([...subscribeArgs, '--json']), { env: env() });
    run.child.kill('SIGKILL');
    await run.done;
    expect(JSON.parse(sibling.stdout).results[0]).toMatchObject({ status: 'skipped', reason: expect.stringContaining('Another run') });
    expect(t.fake.requests).toHaveLength(1);
  }, 40_000);

  it.skipIf(!canUnshare)('does not block the next run when it was pid 1 in a pid namespace that kept the host /proc', async () => {
    // Without --mount-proc, /proc/1 in the namespace is the host's init: the run must not take its start time as its own.
    t.fake.reply({ hang: true });
    const run = spawnProcess('unshare', ['--pid', '--fork', '--kill-child', process.execPath, BIN, ...subscribeArgs], { env: env() });
    await waitFor(() => t.fake.requests.length === 1, 15_000, 'the request in flight');
    run.child.kill('SIGKILL');
    await run.done;
    expect(fs.readFileSync(path.join(t.home, 'subscriptions.json.journal'), 'utf8')).toMatch(/"status":"pending",[^}]*"pid":1,/);

    const next = await runCli([...subscribeArgs, '--json'], { env: env() });
    expect(JSON.parse(next.stdout).results[0]).toMatchObject({ status: 'unknown', reason: expect.stringContaining('tagmango-hooks resolve') });
    expect(next.code).toBe(1);
    expect(t.fake.requests).toHaveLength(1);
  }, 30_000);
});
