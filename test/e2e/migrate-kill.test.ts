import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { baseEnv, runCli, spawnCli, tempHome, waitFor } from '../helpers/cli.js';
import { claimAhead } from '../../src/registrations/claims.js';
import { RegistryStore } from '../../src/registry/store.js';
import { everyRegistration, startFakeTagMango, type FakeTagMango } from '../helpers/fake-tagmango.js';
import { courseId, readRegistry, record, writeRegistry } from '../helpers/registry.js';

const KEY = 'tm_test_key_0123456789abcd';
const COURSES = 30;
const CONCURRENCY = 8;
let fake: FakeTagMango | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

it('killed with SIGKILL mid-run, a rerun never registers a course twice and reports the in-flight ones as unknown', async () => {
  // How many go out before the kill depends on timing: every registration is expected.
  fake = await startFakeTagMango({ latencyMs: 150, route: everyRegistration });
  const home = tempHome();
  const file = writeRegistry(home, Array.from({ length: COURSES }, (_, i) => record(fake!.url, i + 1)));
  const env = baseEnv(home, { TAGMANGO_API_URL: fake.url, TAGMANGO_API_KEY: KEY });

  const run = spawnCli(['migrate', '--yes', '--concurrency', String(CONCURRENCY)], { env });
  // The registry must be valid at every moment we look, and the kill lands mid-run.
  await waitFor(() => {
    new RegistryStore(file).read();
    return fake!.requests.length >= 12;
  }, 20_000, '12 requests');
  run.child.kill('SIGKILL');
  const killed = await run.done;
  expect(killed.signal).toBe('SIGKILL');
  const afterKill = new RegistryStore(file).read();
  expect(afterKill.subscriptions.filter((r) => r.status === 'migrated').length).toBeLessThan(COURSES);
  expect(fs.readdirSync(home).filter((name) => name.endsWith('.tmp') || name.endsWith('.lock')).length).toBeLessThanOrEqual(2);

  const rerun = await runCli(['migrate', '--yes', '--json'], { env });
  expect([0, 4]).toContain(rerun.code);
  const doc = JSON.parse(rerun.stdout) as { results: { status: string; scope: { id: string }; reason?: string }[] };

  const perCourse = new Map<string, number>();
  for (const request of fake.requests) {
    const body = request.json as { event: string; course: string };
    expect(body.event).toBe('course.completed.100');
    perCourse.set(body.course, (perCourse.get(body.course) ?? 0) + 1);
  }
  expect([...perCourse.values()].every((n) => n === 1)).toBe(true);

  const unknown = doc.results.filter((r) => r.status === 'unknown');
  // In doubt: the requests in flight, and the items claimed ahead of them but not sent yet.
  expect(unknown.length).toBeLessThanOrEqual(CONCURRENCY + claimAhead(CONCURRENCY));
  for (const row of unknown) expect(row.reason).toMatch(/dashboard.*tagmango-hooks resolve wh_[a-z0-9]{8} --exists/);
  const unknownCourses = new Set(unknown.map((r) => r.scope.id));
  for (let n = 1; n <= COURSES; n++) {
    if (!unknownCourses.has(courseId(n))) expect(perCourse.get(courseId(n))).toBe(1);
  }
  expect(rerun.code).toBe(unknown.length > 0 ? 4 : 0);

  const final = readRegistry(file);
  const legacy = final.subscriptions.filter((r) => r.event === 'course.completed');
  expect(legacy.filter((r) => r.status === 'migrated')).toHaveLength(COURSES - unknown.length);
  const successors = final.subscriptions.filter((r) => r.event === 'course.completed.100');
  expect(successors.filter((r) => r.status === 'active')).toHaveLength(COURSES - unknown.length);
  expect(successors.filter((r) => r.status === 'unknown')).toHaveLength(unknown.length);
  expect(fs.readdirSync(path.dirname(file)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
});
