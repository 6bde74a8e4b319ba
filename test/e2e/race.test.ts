import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseEnv, runCli } from '../helpers/cli.js';
import { perTestFakeAndHome } from '../helpers/per-test.js';
import { courseId, liveOwner, readRegistry, record, writeRegistry } from '../helpers/registry.js';

const KEY = 'tm_test_key_race0123456789';
const HOOK = 'https://hooks.example.com/tm';
const COURSES = Array.from({ length: 12 }, (_, i) => courseId(i + 1));
const t = perTestFakeAndHome({ latencyMs: 25 });

/** How many course.completed.100 registrations the fake saw per course. */
function successorsPerCourse(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of t.fake.requests) {
    const body = r.json as { event?: string; course?: string };
    if (body.event === 'course.completed.100' && body.course) counts.set(body.course, (counts.get(body.course) ?? 0) + 1);
  }
  return counts;
}

describe('a migrate racing a subscribe of the same webhooks', () => {
  it('registers each course exactly once and loses no record', async () => {
    const file = writeRegistry(t.home, COURSES.map((_, i) => record(t.fake.url, i + 1)));
    const env = baseEnv(t.home, { TAGMANGO_API_URL: t.fake.url, TAGMANGO_API_KEY: KEY });
    // Each course's successor once, whichever run sends it: a thirteenth request is unexpected.
    t.fake.expect(COURSES.length);

    const [migrate, subscribe] = await Promise.all([
      runCli(['migrate', '--yes', '--concurrency', '4'], { env }),
      runCli(['subscribe', HOOK, '--course', COURSES.join(','), '--concurrency', '4'], { env }),
    ]);
    expect(migrate.code, migrate.stderr).toBe(0);
    expect(subscribe.code, subscribe.stderr).toBe(0);
    expect([...successorsPerCourse().values()]).toEqual(COURSES.map(() => 1));
    expect(successorsPerCourse().size).toBe(COURSES.length);

    // A second migrate links whatever the race left and sends nothing more.
    const sent = t.fake.requests.length;
    const again = await runCli(['migrate', '--yes'], { env });
    expect(again.code, again.stderr).toBe(0);
    expect(t.fake.requests).toHaveLength(sent);

    const records = readRegistry(path.join(path.dirname(file), 'subscriptions.json')).subscriptions;
    const successors = records.filter((r) => r.event === 'course.completed.100');
    expect(successors.map((r) => r.status)).toEqual(COURSES.map(() => 'active'));
    expect(new Set(successors.map((r) => r.scope?.id))).toEqual(new Set(COURSES));
    const legacy = records.filter((r) => r.event === 'course.completed');
    expect(legacy).toHaveLength(COURSES.length);
    for (const old of legacy) {
      expect(old.status).toBe('migrated');
      expect(successors.find((s) => s.id === old.migratedTo)?.scope).toEqual(old.scope);
    }
  }, 60_000);

  it('never sends a successor that another live run is registering, and links it on a later run', async () => {
    const legacy = record(t.fake.url, 1);
    const inFlight = record(t.fake.url, 2, { event: 'course.completed.100', scope: legacy.scope, status: 'pending', owner: liveOwner() });
    const file = writeRegistry(t.home, [legacy, inFlight]);
    const env = baseEnv(t.home, { TAGMANGO_API_URL: t.fake.url, TAGMANGO_API_KEY: KEY });

    const busy = await runCli(['migrate', '--yes', '--json'], { env });
    expect(busy.code, busy.stderr).toBe(0);
    expect(t.fake.requests).toHaveLength(0);
    expect(JSON.parse(busy.stdout).results).toEqual([
      expect.objectContaining({ event: 'course.completed.100', status: 'skipped', id: inFlight.id, reason: expect.stringContaining('Another run') }),
    ]);

    // The other run finishes; the next migrate only links the records.
    writeRegistry(t.home, [legacy, { ...inFlight, status: 'active', owner: undefined }]);
    const linked = await runCli(['migrate', '--yes'], { env });
    expect(linked.code, linked.stderr).toBe(0);
    expect(t.fake.requests).toHaveLength(0);
    expect(readRegistry(file).subscriptions.find((r) => r.id === legacy.id)).toMatchObject({ status: 'migrated', migratedTo: inFlight.id });
  });
});
