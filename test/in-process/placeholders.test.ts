import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { baseEnv, snapshotFiles, tempHome } from '../helpers/cli.js';
import { startFakeTagMango, type FakeTagMango } from '../helpers/fake-tagmango.js';
import { courseId, readRegistry } from '../helpers/registry.js';
import { jsonLines, runCliInProcess, startInProcess, type RunningInProcess } from '../helpers/in-process.js';

const KEY = 'tm_test_key_0123456789abcd';
const TEMPLATE = 'https://hooks.example.com/tm/{course}?event={event}';
let fake: FakeTagMango | undefined;
const running: RunningInProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
  await fake?.close();
  fake = undefined;
});

function env(home: string, apiUrl: string): Record<string, string | undefined> {
  return baseEnv(home, { TAGMANGO_API_URL: apiUrl, TAGMANGO_API_KEY: KEY });
}

describe('hook URL placeholders', () => {
  it('subscribe expands them per course on the wire; the registry keeps the template; list shows the expansion', async () => {
    fake = await startFakeTagMango();
    fake.expect(2);
    const home = tempHome();
    const run = await runCliInProcess(['subscribe', TEMPLATE, '--course', courseId(1), '--course', courseId(2), '--json'], { env: env(home, fake.url) });
    expect(run.code, run.stderr).toBe(0);
    const sent = fake.requests.map((r) => r.json as Record<string, string>).sort((a, b) => String(a.course).localeCompare(String(b.course)));
    expect(sent).toEqual([1, 2].map((n) => ({ hookUrl: `https://hooks.example.com/tm/${courseId(n)}?event=course.completed.100`, event: 'course.completed.100', course: courseId(n) })));
    const records = readRegistry(path.join(home, 'subscriptions.json')).subscriptions;
    expect(records.map((r) => r.hookUrlTemplate)).toEqual([TEMPLATE, TEMPLATE]);
    const list = await runCliInProcess(['list'], { env: env(home, fake.url) });
    expect(list.stdout).toContain(`https://hooks.example.com/tm/${courseId(2)}?event=course.completed.100`);
    expect(list.stdout).not.toContain('{course}');

    // Idempotency compares the expanded URL: the template again, or the plain URL it expands to, sends nothing.
    const again = await runCliInProcess(['subscribe', TEMPLATE, '--course', courseId(1), '--json'], { env: env(home, fake.url) });
    const plain = await runCliInProcess(['subscribe', `https://hooks.example.com/tm/${courseId(2)}?event=course.completed.100`, '--course', courseId(2), '--json'], { env: env(home, fake.url) });
    expect([again.code, plain.code]).toEqual([0, 0]);
    expect([JSON.parse(again.stdout).results[0].status, JSON.parse(plain.stdout).results[0].status]).toEqual(['skipped', 'skipped']);
    expect(fake.requests).toHaveLength(2);
  });

  it('migrate expands the template again for the successor event', async () => {
    fake = await startFakeTagMango();
    fake.expect(2);
    const home = tempHome();
    const first = await runCliInProcess(['subscribe', TEMPLATE, '--event', 'course.completed', '--course', courseId(3)], { env: env(home, fake.url) });
    expect(first.code, first.stderr).toBe(0);
    expect((fake.requests[0]?.json as { hookUrl: string }).hookUrl).toBe(`https://hooks.example.com/tm/${courseId(3)}?event=course.completed`);
    const migrate = await runCliInProcess(['migrate', '--yes', '--json'], { env: env(home, fake.url) });
    expect(migrate.code, migrate.stderr).toBe(0);
    expect(fake.requests[1]?.json).toEqual({ hookUrl: `https://hooks.example.com/tm/${courseId(3)}?event=course.completed.100`, event: 'course.completed.100', course: courseId(3) });
    const records = readRegistry(path.join(home, 'subscriptions.json')).subscriptions;
    expect(records.map((r) => [r.event, r.status, r.hookUrlTemplate])).toEqual([
      ['course.completed', 'migrated', TEMPLATE],
      ['course.completed.100', 'active', TEMPLATE],
    ]);
  });

  it.each([
    ['an unknown placeholder', ['subscribe', 'https://hooks.example.com/tm?e={evnt}'], /unknown placeholder "\{evnt\}"/],
    ['a scope placeholder without the scope', ['subscribe', TEMPLATE], /uses \{course\}, but the course\.completed\.100 registration has no course id/],
    ['one in --dry-run', ['subscribe', TEMPLATE, '--dry-run'], /has no course id/],
    ['one in a --from-file row', ['subscribe', '--from-file', 'rows.csv'], /Hook URL in row 2 \(line 3\) of rows\.csv uses \{course\}/],
  ])('refuses %s: exit 2, nothing sent, nothing written', async (_what, args, message) => {
    fake = await startFakeTagMango();
    const home = tempHome();
    fs.writeFileSync(path.join(home, 'rows.csv'), `hookUrl,course\n${TEMPLATE},${courseId(1)}\n${TEMPLATE},\n`);
    const before = snapshotFiles(home);
    const run = await runCliInProcess(args, { env: env(home, fake.url), cwd: home });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(fake.requests).toHaveLength(0);
    expect(snapshotFiles(home)).toEqual(before);
  });

  it('trigger --to expands {event} and {course}; listen shows the event the URL names', async () => {
    const listener = await startInProcess(['listen', '--port', '0', '--json'], { env: baseEnv(tempHome()) });
    running.push(listener);
    const to = `${listener.ready.url}?event={event}&course={course}`;
    const t = await runCliInProcess(['trigger', 'course.completed.50', '--to', to, '--set', `courseId=${courseId(7)}`, '--json'], { env: baseEnv(tempHome()) });
    expect(t.code, t.stderr).toBe(0);
    expect(JSON.parse(t.stdout).to).toBe(`${listener.ready.url}?event=course.completed.50&course=${courseId(7)}`);
    await listener.waitForLine((line) => line.includes('"delivery"'));
    expect(jsonLines(listener.lines, 'delivery')[0]).toMatchObject({ event: 'course.completed.50', payloadEvents: expect.arrayContaining(['course.completed.50']), valid: true });
    const bad = await runCliInProcess(['trigger', 'user.deleted', '--to', `${listener.ready.url}?c={course}`], { env: baseEnv(tempHome()) });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('uses {course}');
  });
});
