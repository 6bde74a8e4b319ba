import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { baseEnv, checksumFiles } from '../helpers/cli.js';
import { perTestFakeAndHome } from '../helpers/per-test.js';
import { readRegistry, record, writeRegistry } from '../helpers/registry.js';
import { runCliInProcess } from '../helpers/in-process.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/registry-0.1.0.json', import.meta.url));
/** The API URL the fixture's records were registered against. */
const FIXTURE_API = 'http://127.0.0.1:38867';
const t = perTestFakeAndHome();

describe('a registry written by 0.1.0', () => {
  it('is read as it is, its pid-only claim reads unknown, and the next write upgrades the format', async () => {
    const file = path.join(t.home, 'subscriptions.json');
    fs.copyFileSync(FIXTURE, file);
    const env = baseEnv(t.home, { TAGMANGO_API_URL: FIXTURE_API });

    const list = await runCliInProcess(['list', '--all', '--json'], { env });
    expect(list.code, list.stderr).toBe(0);
    const statuses = Object.fromEntries((JSON.parse(list.stdout) as { subscriptions: { id: string; status: string }[] }).subscriptions.map((r) => [r.id, r.status]));
    expect(statuses).toEqual({ wh_xo4wto7d: 'migrated', wh_g90cptb6: 'migrated', wh_ul4860mt: 'active', wh_kj7onaoq: 'active', wh_6ykij1oj: 'forgotten', wh_0pend1ng: 'unknown' });
    expect(fs.readFileSync(file, 'utf8')).toBe(fs.readFileSync(FIXTURE, 'utf8'));

    const resolved = await runCliInProcess(['resolve', 'wh_0pend1ng', '--absent'], { env });
    expect(resolved.code, resolved.stderr).toBe(0);
    const upgraded = JSON.parse(fs.readFileSync(file, 'utf8')) as { version: number; subscriptions: Record<string, unknown>[] };
    // 0.1.0 refuses a format above 1 with its "newer version" error instead of misreading it.
    expect(upgraded.version).toBe(2);
    const old = JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as { subscriptions: Record<string, unknown>[] };
    expect(upgraded.subscriptions.slice(0, 5)).toEqual(old.subscriptions.slice(0, 5));
    expect(upgraded.subscriptions[5]).toMatchObject({ id: 'wh_0pend1ng', status: 'absent' });
    expect(upgraded.subscriptions[5]).not.toHaveProperty('owner');
  });
});

describe('a registry file that breaks the format', () => {
  const ESC = '\u001b]0;owned\u0007\u001b[2J';
  it.each([
    { field: 'hookUrl', change: { hookUrl: `https://hooks.example.com/${ESC}` }, says: /record 1 \(wh_00000001\), field hookUrl contains a control character/ },
    { field: 'note', change: { note: `ok${ESC}` }, says: /record 1 \(wh_00000001\), field note contains a control character/ },
    { field: 'createdAt', change: { createdAt: 'x' }, says: /record 1 \(wh_00000001\), field createdAt is not an ISO 8601 timestamp/ },
    { field: 'apiUrl', change: { apiUrl: 'not a url' }, says: /record 1 \(wh_00000001\), field apiUrl is not an absolute http\(s\) URL/ },
    { field: 'event', change: { event: 'Course Completed' }, says: /field event is not an event type/ },
    { field: 'migratedTo', change: { migratedTo: 'somewhere' }, says: /field migratedTo is not a registry id/ },
    { field: 'response', change: { response: { message: ESC } }, says: /field response contains a control character/ },
  ])('is refused when $field is bad: exit 2, record and field named, nothing raw printed, file untouched', async ({ change, says }) => {
    writeRegistry(t.home, [record(t.fake.url, 1, change as never)]);
    const before = checksumFiles(t.home);
    for (const command of [['list'], ['whoami'], ['subscribe', 'https://hooks.example.com/x', '--api-key-stdin']]) {
      const result = await runCliInProcess(command, { env: baseEnv(t.home, { TAGMANGO_API_URL: t.fake.url }), input: 'tm_registry_format_key_0123\n' });
      expect(result.code, command.join(' ')).toBe(2);
      expect(result.stderr).toMatch(says);
      expect(result.stderr).toContain('It was left untouched');
      expect(result.stdout + result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    }
    expect(checksumFiles(t.home)).toEqual(before);
    expect(t.fake.requests).toHaveLength(0);
  });

  it('accepts what this version writes (round trip)', async () => {
    const file = writeRegistry(t.home, [record(t.fake.url, 1), record(t.fake.url, 2, { status: 'unknown', note: 'reset' })]);
    const result = await runCliInProcess(['resolve', 'wh_00000002', '--exists'], { env: baseEnv(t.home, { TAGMANGO_API_URL: t.fake.url }) });
    expect(result.code, result.stderr).toBe(0);
    expect(readRegistry(file).subscriptions.map((r) => r.status)).toEqual(['active', 'active']);
  });
});
