import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeTagMango, type FakeTagMango, type RecordedRequest } from '../helpers/fake-tagmango.js';
import { baseEnv, runCli, spawnCli, tempHome, waitFor } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';
import { readRegistry, record, writeRegistry } from '../helpers/registry.js';
import { RegistryStore } from '../../src/registry/store.js';
import { claimAhead } from '../../src/registrations/engine.js';

const KEY = 'tm_live_bulk0000000000000000KEY7';
const HOOK = 'https://hooks.example.com/bulk';
const CLEAR_LINE = '\r\u001b[2K';

let fake: FakeTagMango | undefined;
let home: string;

beforeEach(() => {
  home = tempHome();
});

afterEach(async () => {
  await fake?.close();
  fake = undefined;
  fs.rmSync(home, { recursive: true, force: true });
});

/** `count` distinct 24-hex course ids, in order. */
function courseIds(count: number, offset = 0): string[] {
  return Array.from({ length: count }, (_, i) => (offset + i).toString(16).padStart(24, '0'));
}

function env(url: string): Record<string, string | undefined> {
  return baseEnv(home, { TAGMANGO_API_URL: url, TAGMANGO_API_KEY: KEY });
}

function courseOf(request: RecordedRequest): string {
  return (request.json as { course: string }).course;
}

describe('bulk subscribe', () => {
  it('registers 1,000 courses over no more connections than the concurrency, reported in input order', { timeout: 120_000 }, async () => {
    fake = await startFakeTagMango({ apiKey: KEY, latencyMs: 2 });
    const ids = courseIds(1000);

    const result = await runCli(['subscribe', HOOK, '--course', ids.join(','), '--concurrency', '16', '--json'], { env: env(fake.url) });

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(fake.requests).toHaveLength(1000);
    expect(new Set(fake.requests.map(courseOf)).size).toBe(1000);
    expect(fake.connections()).toBeGreaterThan(0);
    expect(fake.connections()).toBeLessThanOrEqual(16);
    const doc = JSON.parse(result.stdout) as { ok: boolean; results: { status: string; scope: { id: string } }[] };
    expect(doc.ok).toBe(true);
    expect(doc.results.map((r) => r.scope.id)).toEqual(ids);
    expect(doc.results.every((r) => r.status === 'created')).toBe(true);
    const registry = JSON.parse(fs.readFileSync(path.join(home, 'subscriptions.json'), 'utf8')) as { subscriptions: { status: string }[] };
    expect(registry.subscriptions).toHaveLength(1000);
    expect(registry.subscriptions.every((r) => r.status === 'active')).toBe(true);
  });

  it('keeps the report in input order when answers arrive out of order and some are retried', async () => {
    const ids = courseIds(30);
    const attempts = new Map<string, number>();
    fake = await startFakeTagMango({
      apiKey: KEY,
      route: (request) => {
        const course = courseOf(request);
        const index = ids.indexOf(course);
        const attempt = (attempts.get(course) ?? 0) + 1;
        attempts.set(course, attempt);
        if (index % 3 === 0 && attempt === 1) return { status: 503, body: { message: 'Busy', success: false } };
        // Later items answer sooner, so completion order is roughly the reverse of input order.
        return { status: 201, delayMs: 30 - index, body: { message: 'Webhook created', success: true, result: { _id: `r${course}` } } };
      },
    });

    const result = await runInProcess(['subscribe', HOOK, '--course', ids.join(','), '--concurrency', '8', '--json'], { env: env(fake.url) });

    expect(result.code).toBe(0);
    expect(result.sleeps).toHaveLength(10);
    expect(fake.requests).toHaveLength(40);
    const doc = JSON.parse(result.stdout) as { results: { status: string; scope: { id: string } }[] };
    expect(doc.results.map((r) => r.scope.id)).toEqual(ids);
    expect(doc.results.map((r) => r.status)).toEqual(ids.map(() => 'created'));
  });
});

describe('bulk subscribe killed mid-run', () => {
  it('leaves a valid file and journal; the rerun folds them, registers the rest, and sends nothing twice', { timeout: 60_000 }, async () => {
    fake = await startFakeTagMango({ apiKey: KEY, latencyMs: 40 });
    const ids = courseIds(120);
    const file = writeRegistry(home, [record(fake.url, 1)]);
    const before = fs.readFileSync(file, 'utf8');
    const args = ['subscribe', HOOK, '--course', ids.join(','), '--concurrency', '8', '--json'];

    const run = spawnCli(args, { env: env(fake.url) });
    await waitFor(() => (fake?.requests.length ?? 0) >= 40, 30_000, '40 requests');
    run.child.kill('SIGKILL');
    expect((await run.done).signal).toBe('SIGKILL');

    // The file is whole and untouched by the bulk run; the journal beside it holds the progress.
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    expect(fs.existsSync(`${file}.journal`)).toBe(true);
    const afterKill = new RegistryStore(file).read().subscriptions.filter((r) => r.hookUrl === HOOK);
    expect(afterKill.filter((r) => r.status === 'active').length).toBeGreaterThanOrEqual(40 - 8);
    expect(afterKill.filter((r) => r.status === 'unknown').length).toBeLessThanOrEqual(8 + claimAhead(8));

    const rerun = await runCli(args, { env: env(fake.url) });
    const inDoubt = new Set(afterKill.filter((r) => r.status === 'unknown').map((r) => r.scope?.id));
    expect(rerun.code).toBe(inDoubt.size > 0 ? 4 : 0);
    const doc = JSON.parse(rerun.stdout) as { results: { status: string; scope: { id: string } }[] };
    expect(doc.results.map((r) => r.scope.id)).toEqual(ids);
    // What the killed run registered is skipped now; the in-doubt ones are reported unknown (not sent until resolved); the rest is sent.
    const settled = new Set(afterKill.map((r) => r.scope?.id));
    expect(doc.results.map((r) => r.status)).toEqual(ids.map((id) => (inDoubt.has(id) ? 'unknown' : settled.has(id) ? 'skipped' : 'created')));
    const perCourse = new Map<string, number>();
    for (const request of fake.requests) perCourse.set(courseOf(request), (perCourse.get(courseOf(request)) ?? 0) + 1);
    expect([...perCourse.values()].every((n) => n === 1)).toBe(true);
    // A course never sent is one the killed run had claimed ahead: in doubt, never silently lost.
    for (const id of ids) if (!perCourse.has(id)) expect(inDoubt.has(id)).toBe(true);
    expect(fs.existsSync(`${file}.journal`)).toBe(false);
    const final = readRegistry(file).subscriptions.filter((r) => r.hookUrl === HOOK);
    expect(readRegistry(file).subscriptions[0]).toEqual(record(fake.url, 1));
    expect(final).toHaveLength(120);
    expect(final.filter((r) => r.status === 'active').length + final.filter((r) => r.status === 'unknown').length).toBe(120);
  });
});

describe('bulk progress display', () => {
  const fakeUrl = (): string => fake?.url ?? '';
  const onTTY = (extra: string[] = []): ReturnType<typeof runInProcess> =>
    runInProcess(['subscribe', HOOK, '--course', courseIds(25).join(','), ...extra], { env: env(fakeUrl()), stderrTTY: true });

  beforeEach(async () => {
    fake = await startFakeTagMango({ apiKey: KEY });
  });

  it('shows done and total on a TTY stderr and erases itself before the report', async () => {
    const result = await onTTY();
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(CLEAR_LINE);
    expect(result.stderr).toMatch(/\d+\/25 registered/);
    expect(result.stderr.endsWith(CLEAR_LINE)).toBe(true);
    expect(result.stdout).not.toContain('registered,');
    expect(result.stdout).toContain('25 created');
  });

  it.each([['--json'], ['--quiet'], ['--verbose']])('shows nothing with %s', async (flag) => {
    const result = await onTTY([flag]);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain(CLEAR_LINE);
    expect(result.stderr).not.toMatch(/\/25 registered/);
  });

  it('shows migrate progress too', async () => {
    writeRegistry(home, Array.from({ length: 25 }, (_, i) => record(fakeUrl(), i + 1)));
    const result = await runInProcess(['migrate', '--yes'], { env: env(fakeUrl()), stderrTTY: true });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/\d+\/25 migrated/);
    expect(result.stderr).toContain(CLEAR_LINE);
  });

  it('shows nothing when stderr is not a TTY', async () => {
    const result = await runInProcess(['subscribe', HOOK, '--course', courseIds(25, 100).join(',')], { env: env(fakeUrl()) });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('25 created');
    expect(result.stderr).toBe('');
  });
});
