import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, baseEnv, runCli, runProcess, spawnProcess, waitFor } from '../helpers/cli.js';
import { perTestFakeAndHome } from '../helpers/per-test.js';
import { courseId } from '../helpers/registry.js';

const KEY = 'tm_lifecycle_key_0123456789abc';
const HOOK = 'https://hooks.example.com/tm';
const t = perTestFakeAndHome();

const env = (): Record<string, string | undefined> => baseEnv(t.home, { TAGMANGO_API_URL: t.fake.url, TAGMANGO_API_KEY: KEY });
const subscribeArgs = ['subscribe', HOOK, '--event', 'course.completed.100', '--course', courseId(1)];

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
