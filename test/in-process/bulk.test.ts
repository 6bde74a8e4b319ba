import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { startFakeTagMango } from '../helpers/fake-tagmango.js';
import { courseIds, courseOf } from '../helpers/courses.js';
import { perTestHome } from '../helpers/per-test.js';
import { baseEnv } from '../helpers/cli.js';
import { runCliInProcess, runInProcess } from '../helpers/in-process.js';
import { readRegistry, record, writeRegistry } from '../helpers/registry.js';

const KEY = 'tm_live_bulk0000000000000000KEY7';
const HOOK = 'https://hooks.example.com/bulk';
const CLEAR_LINE = '\r\u001b[2K';

const t = perTestHome();

function env(url: string): Record<string, string | undefined> {
  return baseEnv(t.home, { TAGMANGO_API_URL: url, TAGMANGO_API_KEY: KEY });
}

describe('bulk subscribe', () => {
  it('registers 1,000 courses over no more connections than the concurrency, reported in input order', { timeout: 120_000 }, async () => {
    t.fake = await startFakeTagMango({ apiKey: KEY, latencyMs: 2 });
    t.fake.expect(1000);
    const ids = courseIds(1000);

    const result = await runCliInProcess(['subscribe', HOOK, '--course', ids.join(','), '--concurrency', '16', '--json'], { env: env(t.fake.url) });

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(t.fake.requests).toHaveLength(1000);
    expect(new Set(t.fake.requests.map(courseOf)).size).toBe(1000);
    expect(t.fake.connections()).toBeGreaterThan(0);
    expect(t.fake.connections()).toBeLessThanOrEqual(16);
    const doc = JSON.parse(result.stdout) as { ok: boolean; results: { status: string; scope: { id: string } }[] };
    expect(doc.ok).toBe(true);
    expect(doc.results.map((r) => r.scope.id)).toEqual(ids);
    expect(doc.results.every((r) => r.status === 'created')).toBe(true);
    const registry = JSON.parse(fs.readFileSync(path.join(t.home, 'subscriptions.json'), 'utf8')) as { subscriptions: { status: string }[] };
    expect(registry.subscriptions).toHaveLength(1000);
    expect(registry.subscriptions.every((r) => r.status === 'active')).toBe(true);
  });

  it('keeps the report in input order when answers arrive out of order and some are retried', async () => {
    const ids = courseIds(30);
    const attempts = new Map<string, number>();
    t.fake = await startFakeTagMango({
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

    const result = await runInProcess(['subscribe', HOOK, '--course', ids.join(','), '--concurrency', '8', '--json'], { env: env(t.fake.url) });

    expect(result.code).toBe(0);
    expect(result.sleeps).toHaveLength(10);
    expect(t.fake.requests).toHaveLength(40);
    const doc = JSON.parse(result.stdout) as { results: { status: string; scope: { id: string } }[] };
    expect(doc.results.map((r) => r.scope.id)).toEqual(ids);
    expect(doc.results.map((r) => r.status)).toEqual(ids.map(() => 'created'));
  });
});

describe('bulk progress display', () => {
  const fakeUrl = (): string => t.fake?.url ?? '';
  const onTTY = (extra: string[] = []): ReturnType<typeof runInProcess> =>
    runInProcess(['subscribe', HOOK, '--course', courseIds(25).join(','), ...extra], { env: env(fakeUrl()), stderrTTY: true });

  beforeEach(async () => {
    t.fake = await startFakeTagMango({ apiKey: KEY });
    // Each test registers (or migrates) 25.
    t.fake.expect(25);
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
    writeRegistry(t.home, Array.from({ length: 25 }, (_, i) => record(fakeUrl(), i + 1)));
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
