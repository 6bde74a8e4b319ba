import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { baseEnv, tempHome, waitFor } from '../helpers/cli.js';
import { everyRegistration, startFakeTagMango, type FakeTagMango } from '../helpers/fake-tagmango.js';
import { runInProcess } from '../helpers/in-process.js';
import { courseId, readRegistry } from '../helpers/registry.js';
import { runCliInProcess } from '../helpers/in-process.js';

const KEY = 'tm_test_key_0123456789abcd';
let fake: FakeTagMango | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('registration outcomes in the registry', () => {
  it('keeps a reset after sending as unknown; a rerun sends nothing and exits 1; --force sends it again, and from then on the active record wins', async () => {
    fake = await startFakeTagMango();
    fake.reply({ reset: true });
    const home = tempHome();
    const env = baseEnv(home, { TAGMANGO_API_URL: fake.url, TAGMANGO_API_KEY: KEY });
    const args = ['subscribe', 'https://hooks.example.com/tm', '--course', courseId(1)];
    const first = await runCliInProcess(args, { env });
    expect(first.code).toBe(1);
    const file = path.join(home, 'subscriptions.json');
    expect(readRegistry(file).subscriptions.map((r) => r.status)).toEqual(['unknown']);

    const rerun = await runCliInProcess([...args, '--json'], { env });
    expect(rerun.code).toBe(1);
    expect(fake.requests).toHaveLength(1);
    const doc = JSON.parse(rerun.stdout) as { ok: boolean; results: { status: string; reason: string }[] };
    expect(doc.ok).toBe(false);
    expect(doc.results[0]).toMatchObject({ status: 'unknown' });
    expect(doc.results[0]?.reason).toMatch(/dashboard.*tagmango-hooks resolve wh_[a-z0-9]{8} --exists/);

    fake.expect(1);
    const forced = await runCliInProcess([...args, '--force'], { env });
    expect(forced.code).toBe(0);
    expect(fake.requests).toHaveLength(2);
    const [old, created] = readRegistry(file).subscriptions;
    expect([old?.status, created?.status]).toEqual(['duplicate', 'active']);
    expect(old?.duplicateOf).toBe(created?.id);

    // The active record wins from now on: a plain rerun sends nothing, and one webhook is listed and counted.
    const plain = await runCliInProcess([...args, '--json'], { env });
    expect(plain.code, plain.stderr).toBe(0);
    expect(fake.requests).toHaveLength(2);
    expect(JSON.parse(plain.stdout).results[0]).toMatchObject({ status: 'skipped', id: created?.id });
    const list = JSON.parse((await runCliInProcess(['list', '--json'], { env })).stdout) as { subscriptions: { id: string; status: string }[] };
    expect(list.subscriptions.filter((r) => r.status === 'active').map((r) => r.id)).toEqual([created?.id]);
    const whoami = JSON.parse((await runCliInProcess(['whoami', '--json'], { env })).stdout) as { registry: { total: number; possibleDuplicates: number } };
    expect(whoami.registry).toMatchObject({ total: 1, possibleDuplicates: 1 });
  });

  it('on Ctrl-C finishes what is in flight and leaves no record for what was never sent', async () => {
    // How many go out before the stop depends on timing: every registration is expected.
    fake = await startFakeTagMango({ latencyMs: 100, route: everyRegistration });
    const home = tempHome();
    const controller = new AbortController();
    const ids = Array.from({ length: 10 }, (_, i) => ['--course', courseId(i + 1)]).flat();
    const running = runInProcess(['subscribe', 'https://hooks.example.com/tm', ...ids, '--concurrency', '2', '--json'], {
      env: baseEnv(home, { TAGMANGO_API_URL: fake.url, TAGMANGO_API_KEY: KEY }),
      signal: controller.signal,
    });
    await waitFor(() => fake!.requests.length >= 2, 10_000, 'two requests');
    controller.abort();
    const result = await running;
    expect(result.code).toBe(130);
    const doc = JSON.parse(result.stdout) as { results: { status: string; error?: { code: string } }[]; error: { code: string; message: string } };
    const created = doc.results.filter((r) => r.status === 'created').length;
    expect(created).toBe(fake.requests.length);
    expect(doc.results.filter((r) => r.status === 'cancelled')).toHaveLength(10 - created);
    expect(doc.results.filter((r) => r.status === 'failed')).toHaveLength(0);
    expect(doc.error).toMatchObject({ code: 'CANCELLED', message: `Interrupted: ${created} created, ${10 - created} not sent.` });
    const records = readRegistry(path.join(home, 'subscriptions.json')).subscriptions;
    expect(records.map((r) => r.status)).toEqual(Array(created).fill('active'));
  });
});
