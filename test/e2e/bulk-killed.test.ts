import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { everyRegistration, startFakeTagMango } from '../helpers/fake-tagmango.js';
import { courseIds, courseOf } from '../helpers/courses.js';
import { perTestHome } from '../helpers/per-test.js';
import { baseEnv, runCli, spawnCli, waitFor } from '../helpers/cli.js';
import { readRegistry, record, writeRegistry } from '../helpers/registry.js';
import { RegistryStore } from '../../src/registry/store.js';
import { claimAhead } from '../../src/registrations/claims.js';

const KEY = 'tm_live_bulk0000000000000000KEY7';
const HOOK = 'https://hooks.example.com/bulk';

const t = perTestHome();

function env(url: string): Record<string, string | undefined> {
  return baseEnv(t.home, { TAGMANGO_API_URL: url, TAGMANGO_API_KEY: KEY });
}

describe('bulk subscribe killed mid-run', () => {
  it('leaves a valid file and journal; the rerun folds them, registers the rest, and sends nothing twice', { timeout: 60_000 }, async () => {
    // How many go out before the kill depends on timing: every registration is expected.
    t.fake = await startFakeTagMango({ apiKey: KEY, latencyMs: 40, route: everyRegistration });
    const ids = courseIds(120);
    const file = writeRegistry(t.home, [record(t.fake.url, 1)]);
    const before = fs.readFileSync(file, 'utf8');
    const args = ['subscribe', HOOK, '--course', ids.join(','), '--concurrency', '8', '--json'];

    const run = spawnCli(args, { env: env(t.fake.url) });
    await waitFor(() => (t.fake?.requests.length ?? 0) >= 40, 30_000, '40 requests');
    run.child.kill('SIGKILL');
    expect((await run.done).signal).toBe('SIGKILL');

    // The file is whole and untouched by the bulk run; the journal beside it holds the progress.
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    expect(fs.existsSync(`${file}.journal`)).toBe(true);
    const afterKill = new RegistryStore(file).read().subscriptions.filter((r) => r.hookUrl === HOOK);
    expect(afterKill.filter((r) => r.status === 'active').length).toBeGreaterThanOrEqual(40 - 8);
    expect(afterKill.filter((r) => r.status === 'unknown').length).toBeLessThanOrEqual(8 + claimAhead(8));

    const rerun = await runCli(args, { env: env(t.fake.url) });
    const inDoubt = new Set(afterKill.filter((r) => r.status === 'unknown').map((r) => r.scope?.id));
    expect(rerun.code).toBe(inDoubt.size > 0 ? 4 : 0);
    const doc = JSON.parse(rerun.stdout) as { results: { status: string; scope: { id: string } }[] };
    expect(doc.results.map((r) => r.scope.id)).toEqual(ids);
    // What the killed run registered is skipped now; the in-doubt ones are reported unknown (not sent until resolved); the rest is sent.
    const settled = new Set(afterKill.map((r) => r.scope?.id));
    expect(doc.results.map((r) => r.status)).toEqual(ids.map((id) => (inDoubt.has(id) ? 'unknown' : settled.has(id) ? 'skipped' : 'created')));
    const perCourse = new Map<string, number>();
    for (const request of t.fake.requests) perCourse.set(courseOf(request), (perCourse.get(courseOf(request)) ?? 0) + 1);
    expect([...perCourse.values()].every((n) => n === 1)).toBe(true);
    // Every course not in doubt was sent once; an in-doubt claim may have been killed before its request left.
    expect(ids.filter((id) => !inDoubt.has(id) && perCourse.get(id) !== 1)).toEqual([]);
    expect(perCourse.size).toBeGreaterThanOrEqual(120 - inDoubt.size);
    expect(fs.existsSync(`${file}.journal`)).toBe(false);
    const final = readRegistry(file).subscriptions.filter((r) => r.hookUrl === HOOK);
    expect(readRegistry(file).subscriptions[0]).toEqual(record(t.fake.url, 1));
    expect(final).toHaveLength(120);
    expect(final.filter((r) => r.status === 'active').length + final.filter((r) => r.status === 'unknown').length).toBe(120);
  });
});
