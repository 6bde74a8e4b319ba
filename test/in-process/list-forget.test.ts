import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { baseEnv, tempHome } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';
import { readRegistry, record, writeRegistry } from '../helpers/registry.js';
import { runCliInProcess } from '../helpers/in-process.js';

const API = 'http://127.0.0.1:4010';

function setup(): { home: string; file: string; env: Record<string, string | undefined> } {
  const home = tempHome();
  const file = writeRegistry(home, [
    record(API, 1),
    record(API, 2, { event: 'course.completed.100', hookUrl: 'https://other.example.com/x' }),
    record(API, 3, { status: 'migrated', migratedTo: record(API, 2).id }),
    record(API, 4, { status: 'forgotten' }),
    record('https://api-prod-new.tagmango.com', 5),
    record(API, 6, { profile: 'staging' }),
  ]);
  return { home, file, env: baseEnv(home, { TAGMANGO_API_URL: API }) };
}

describe('list', () => {
  it('shows the current records of this profile and API URL, deprecated ones marked with the migrate hint', async () => {
    const { env } = setup();
    const result = await runCliInProcess(['list'], { env });
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+EVENT\s+SCOPE\s+STATUS\s+CREATED\s+HOOK URL$/);
    expect(lines.slice(1, 3).map((l) => l.split(/\s+/)[0])).toEqual([record(API, 1).id, record(API, 2).id]);
    expect(lines[1]).toContain('course.completed (deprecated)');
    expect(lines[3]).toBe('1 uses a deprecated event (course.completed). Run: tagmango-hooks migrate');
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('filters, and --all adds migrated and forgotten records', async () => {
    const { env } = setup();
    const all = JSON.parse((await runCliInProcess(['list', '--all', '--json'], { env })).stdout) as { subscriptions: { id: string; status: string; deprecated: boolean }[] };
    expect(all.subscriptions.map((r) => r.status)).toEqual(['active', 'active', 'migrated', 'forgotten']);
    const deprecated = JSON.parse((await runCliInProcess(['list', '--deprecated', '--json'], { env })).stdout) as { subscriptions: { id: string }[] };
    expect(deprecated.subscriptions.map((r) => r.id)).toEqual([record(API, 1).id]);
    const byUrl = JSON.parse((await runCliInProcess(['list', '--hook-url', 'https://other.example.com/x', '--json'], { env })).stdout) as { subscriptions: { id: string }[] };
    expect(byUrl.subscriptions.map((r) => r.id)).toEqual([record(API, 2).id]);
    const staging = JSON.parse((await runCliInProcess(['list', '--profile', 'staging', '--json'], { env })).stdout) as { subscriptions: { id: string }[] };
    expect(staging.subscriptions.map((r) => r.id)).toEqual([record(API, 6).id]);
  });

  it('asks to resolve only unknown records whose registration has no active record, and writes every record whole with its deprecated flag', async () => {
    const home = tempHome();
    const settledElsewhere = record(API, 1, { status: 'unknown' });
    const active = record(API, 2, { scope: settledElsewhere.scope });
    const open = record(API, 3, { status: 'unknown', event: 'course.completed.100', remoteId: 'abc', response: { message: 'ok', code: 201 } });
    const otherEvent = record(API, 4, { status: 'unknown', event: 'course.completed.50' });
    writeRegistry(home, [settledElsewhere, active, open, otherEvent]);
    const env = baseEnv(home, { TAGMANGO_API_URL: API });
    const human = await runCliInProcess(['list', '--event', 'course.completed.100'], { env });
    expect(human.stdout).toContain(`1 with an unknown outcome. Check the TagMango dashboard, then run: tagmango-hooks resolve ${open.id} --exists`);
    const all = await runCliInProcess(['list'], { env });
    expect(all.stdout).toContain(`2 with an unknown outcome. Check the TagMango dashboard, then run: tagmango-hooks resolve ${open.id} ${otherEvent.id} --exists`);
    const doc = JSON.parse((await runCliInProcess(['list', '--json'], { env })).stdout) as { subscriptions: unknown[] };
    expect(doc.subscriptions).toEqual([settledElsewhere, active, open, otherEvent].map((r) => ({ ...r, deprecated: r.event === 'course.completed' })));
  });

  it('says when filters match nothing instead of claiming there are no registrations', async () => {
    const { env } = setup();
    const filtered = await runCliInProcess(['list', '--event', 'course.completed.50'], { env });
    expect(filtered.code).toBe(0);
    expect(filtered.stdout).toBe('No registrations match the filters (2 without them).\n');
    const none = await runCliInProcess(['list', '--profile', 'nobody'], { env });
    expect(none.stdout).toBe('No registrations for this profile and API URL.\n');
  });

  it('colours rows on a TTY', async () => {
    const { home } = setup();
    const result = await runInProcess(['list'], { env: { ...baseEnv(home, { TAGMANGO_API_URL: API }), FORCE_COLOR: '1' }, stdoutTTY: true });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('\u001b[');
  });
});

describe('forget', () => {
  it('marks records forgotten with --yes and says the webhook keeps firing', async () => {
    const { file, env } = setup();
    const result = await runCliInProcess(['forget', record(API, 1).id, '--yes'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/no call to unsubscribe.*keeps firing until you remove it in the TagMango dashboard/);
    expect(readRegistry(file).subscriptions.find((r) => r.id === record(API, 1).id)?.status).toBe('forgotten');
    const listed = await runCliInProcess(['list', '--json'], { env });
    expect((JSON.parse(listed.stdout) as { subscriptions: unknown[] }).subscriptions).toHaveLength(1);
  });

  it('refuses an unknown id (exit 2, naming it) and a missing --yes without a TTY, writing nothing', async () => {
    const { file, env } = setup();
    const before = fs.readFileSync(file, 'utf8');
    const unknown = await runCliInProcess(['forget', record(API, 1).id, 'wh_nothere', '--yes'], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('"wh_nothere"');
    const noTty = await runCliInProcess(['forget', record(API, 1).id], { env });
    expect(noTty.code).toBe(2);
    expect(noTty.stderr).toContain('--yes');
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });
});

describe('forget on a terminal', () => {
  it('lists what it will forget, warns about the dashboard, and asks', async () => {
    const { file, home } = setup();
    const before = fs.readFileSync(file, 'utf8');
    const env = baseEnv(home, { TAGMANGO_API_URL: API });
    const no = await runInProcess(['forget', record(API, 1).id], { env, stdin: 'n\n', stdinTTY: true });
    expect(no.code).toBe(1);
    expect(no.stderr).toMatch(/\[y\/N\] Nothing forgotten: the registry was not changed\.\n$/);
    expect(no.stderr).not.toContain('error:');
    expect(no.stderr).toMatch(/keeps firing until you remove it in the TagMango dashboard[\s\S]*Forget 1 record\? \[y\/N\]/);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    const yes = await runInProcess(['forget', record(API, 1).id], { env, stdin: 'y\n', stdinTTY: true });
    expect(yes.code).toBe(0);
    expect(readRegistry(file).subscriptions.find((r) => r.id === record(API, 1).id)?.status).toBe('forgotten');
  });
});

describe('whoami', () => {
  it('counts the current registrations per event and the deprecated ones', async () => {
    const { env } = setup();
    const result = await runCliInProcess(['whoami', '--json'], { env: { ...env, TAGMANGO_API_KEY: 'tm_test_key_0123456789abcd' } });
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout) as { registry: unknown };
    expect(doc.registry).toEqual({ total: 2, perEvent: { 'course.completed': 1, 'course.completed.100': 1 }, deprecated: 1, unknown: 0, possibleDuplicates: 0, registeredTwice: [] });
    const human = await runCliInProcess(['whoami'], { env: { ...env, TAGMANGO_API_KEY: 'tm_test_key_0123456789abcd' } });
    expect(human.stdout).toContain('1 uses a deprecated event. Run: tagmango-hooks migrate');
  });

  it('says which other API URLs and profiles hold registrations, so a changed sandbox port does not look like lost records', async () => {
    const { env } = setup();
    const human = await runCliInProcess(['whoami'], { env: { ...env, TAGMANGO_API_KEY: 'tm_test_key_0123456789abcd' } });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(
      'Also in this registry: 1 for https://api-prod-new.tagmango.com (profile default), 1 for http://127.0.0.1:4010 (profile staging). See them with: tagmango-hooks list --api-url <url> --profile <name>',
    );
    const alone = tempHome();
    writeRegistry(alone, [record(API, 1)]);
    const single = await runCliInProcess(['whoami'], { env: baseEnv(alone, { TAGMANGO_API_URL: API, TAGMANGO_API_KEY: 'tm_test_key_0123456789abcd' }) });
    expect(single.stdout).not.toContain('Also in this registry');
  });
});
