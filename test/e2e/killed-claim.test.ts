import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, baseEnv, runCli, spawnProcess, waitFor } from '../helpers/cli.js';
import { perTestFakeAndHome } from '../helpers/per-test.js';
import { courseId } from '../helpers/registry.js';

const KEY = 'tm_lifecycle_key_0123456789abc';
const HOOK = 'https://hooks.example.com/tm';
const t = perTestFakeAndHome();

const env = (): Record<string, string | undefined> => baseEnv(t.home, { TAGMANGO_API_URL: t.fake.url, TAGMANGO_API_KEY: KEY });
const subscribeArgs = ['subscribe', HOOK, '--event', 'course.completed.100', '--course', courseId(1)];

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
});
