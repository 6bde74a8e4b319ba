import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { baseEnv, tempHome } from '../helpers/cli.js';
import { AS_TAGMANGO, startFakeTagMango, type FakeTagMango, type RecordedRequest } from '../helpers/fake-tagmango.js';
import { courseId, readRegistry, record, writeRegistry } from '../helpers/registry.js';
import { runCliInProcess } from '../helpers/in-process.js';

const KEY = 'tm_test_key_0123456789abcd';
let fake: FakeTagMango | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function env(home: string, apiUrl: string): Record<string, string | undefined> {
  return baseEnv(home, { TAGMANGO_API_URL: apiUrl, TAGMANGO_API_KEY: KEY });
}

function bodies(requests: RecordedRequest[]): Record<string, string>[] {
  return requests.map((r) => r.json as Record<string, string>);
}

describe('migrate', () => {
  it('moves a registration that --force registered twice in one run: one successor, both legacy records linked to it', async () => {
    fake = await startFakeTagMango();
    const home = tempHome();
    // Course 1 registered twice (a --force run), course 2 once.
    const file = writeRegistry(home, [record(fake.url, 1), record(fake.url, 2), record(fake.url, 1, { id: 'wh_twice001' })]);

    const dry = await runCliInProcess(['migrate', '--dry-run'], { env: env(home, fake.url) });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Plan: register 2,');
    expect(dry.stdout).toContain(`(replaces ${record(fake.url, 1).id}, wh_twice001)`);

    fake.expect(2);
    const run = await runCliInProcess(['migrate', '--yes'], { env: env(home, fake.url) });
    expect(run.code, run.stderr).toBe(0);
    expect(fake.requests).toHaveLength(2);
    expect(run.stdout).toContain('2 created');
    expect(run.stdout).not.toContain('skipped');
    const records = readRegistry(file).subscriptions;
    const successor = records.find((r) => r.event === 'course.completed.100' && r.scope?.id === courseId(1));
    expect(records.filter((r) => r.event === 'course.completed').map((r) => [r.id, r.status, r.migratedTo])).toEqual([
      [record(fake.url, 1).id, 'migrated', successor?.id],
      [record(fake.url, 2).id, 'migrated', expect.any(String)],
      ['wh_twice001', 'migrated', successor?.id],
    ]);

    const again = await runCliInProcess(['migrate', '--yes'], { env: env(home, fake.url) });
    expect(again.code).toBe(0);
    expect(fake.requests).toHaveLength(2);
    expect(again.stderr).toContain('Plan: register 0, link 0 already registered, 3 already migrated.');
  });

  it('plans with --dry-run, migrates three with --yes, and a rerun sends nothing', async () => {
    fake = await startFakeTagMango();
    const home = tempHome();
    const file = writeRegistry(home, [1, 2, 3].map((n) => record(fake!.url, n)));
    const before = fs.readFileSync(file, 'utf8');

    const dry = await runCliInProcess(['migrate', '--dry-run'], { env: env(home, fake.url) });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Plan: register 3');
    expect(dry.stdout).toContain(courseId(2));
    expect(fake.requests).toHaveLength(0);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);

    fake.expect(3);
    const first = await runCliInProcess(['migrate', '--yes'], { env: env(home, fake.url) });
    expect(first.stderr).toBe(first.stderr.replace(KEY, ''));
    expect(first.code).toBe(0);
    expect(bodies(fake.requests).sort((a, b) => String(a.course).localeCompare(String(b.course)))).toEqual(
      [1, 2, 3].map((n) => ({ hookUrl: 'https://hooks.example.com/tm', event: 'course.completed.100', course: courseId(n) })),
    );
    expect(first.stdout).toContain('3 created');
    // stdout carries the results; the plan and the closing reminder are both on stderr.
    expect(first.stderr).toContain('Plan: register 3');
    expect(first.stderr).toMatch(/keep firing until you remove them in the TagMango dashboard/);
    expect(first.stderr).toMatch(/email, courseId, lastProgressOn/);
    expect(first.stdout).not.toMatch(/Plan:|keep firing/);

    const registry = readRegistry(file);
    const legacy = registry.subscriptions.filter((r) => r.event === 'course.completed');
    const successors = registry.subscriptions.filter((r) => r.event === 'course.completed.100');
    expect(legacy.map((r) => r.status)).toEqual(['migrated', 'migrated', 'migrated']);
    expect(successors).toHaveLength(3);
    for (const old of legacy) {
      const next = successors.find((r) => r.id === old.migratedTo);
      expect(next).toMatchObject({ status: 'active', migratedFrom: old.id, scope: old.scope, hookUrl: old.hookUrl });
      expect(next?.remoteId).toMatch(/^[0-9a-f]{24}$/);
    }
    expect(fs.readFileSync(file, 'utf8')).not.toContain(KEY);
    expect(fs.readFileSync(file, 'utf8')).not.toContain(home);

    const second = await runCliInProcess(['migrate', '--yes', '--json'], { env: env(home, fake.url) });
    expect(second.code).toBe(0);
    expect(fake.requests).toHaveLength(3);
    const doc = JSON.parse(second.stdout) as { ok: boolean; results: { status: string }[] };
    expect(doc.ok).toBe(true);
    expect(doc.results.map((r) => r.status)).toEqual(['skipped', 'skipped', 'skipped']);
  });

  it('exits 4 when one of five fails, keeps it active, and the rerun sends only that one', async () => {
    let failing = true;
    fake = await startFakeTagMango({
      route: (req) => (failing && (req.json as { course?: string }).course === courseId(3) ? { status: 500, body: { message: 'boom' } } : AS_TAGMANGO),
    });
    const home = tempHome();
    const file = writeRegistry(home, [1, 2, 3, 4, 5].map((n) => record(fake!.url, n)));

    const first = await runCliInProcess(['migrate', '--yes', '--json'], { env: env(home, fake.url) });
    expect(first.code).toBe(4);
    const doc = JSON.parse(first.stdout) as { ok: boolean; results: { status: string; scope: { id: string } }[]; error: { exitCode: number } };
    expect(doc.ok).toBe(false);
    expect(doc.error.exitCode).toBe(4);
    expect(doc.results.filter((r) => r.status === 'created')).toHaveLength(4);
    expect(doc.results.find((r) => r.status === 'failed')?.scope.id).toBe(courseId(3));
    const registry = readRegistry(file);
    expect(registry.subscriptions.filter((r) => r.status === 'migrated')).toHaveLength(4);
    expect(registry.subscriptions.find((r) => r.scope?.id === courseId(3) && r.event === 'course.completed')?.status).toBe('active');
    expect(registry.subscriptions.filter((r) => r.event === 'course.completed.100')).toHaveLength(4);

    failing = false;
    const sentBefore = fake.requests.length;
    const rerun = await runCliInProcess(['migrate', '--yes'], { env: env(home, fake.url) });
    expect(rerun.code).toBe(0);
    expect(bodies(fake.requests.slice(sentBefore))).toEqual([{ hookUrl: 'https://hooks.example.com/tm', event: 'course.completed.100', course: courseId(3) }]);
    expect(readRegistry(file).subscriptions.filter((r) => r.status === 'migrated')).toHaveLength(5);
  });

  it('refuses without a TTY unless --yes or --dry-run, sending and writing nothing', async () => {
    fake = await startFakeTagMango();
    const home = tempHome();
    const file = writeRegistry(home, [record(fake.url, 1)]);
    const before = fs.readFileSync(file, 'utf8');
    const result = await runCliInProcess(['migrate'], { env: env(home, fake.url) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--yes');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(fake.requests).toHaveLength(0);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  it('migrates webhooks registered outside the tool, recording them as external', async () => {
    fake = await startFakeTagMango();
    const home = tempHome();
    const args = ['migrate', '--hook-url', 'https://hooks.example.com/legacy', '--course', courseId(7), '--course', courseId(8), '--yes'];
    fake.expect(2);
    const result = await runCliInProcess(args, { env: env(home, fake.url) });
    expect(result.code).toBe(0);
    expect(bodies(fake.requests).map((b) => b.course).sort()).toEqual([courseId(7), courseId(8)]);
    expect(bodies(fake.requests).every((b) => b.event === 'course.completed.100' && b.hookUrl === 'https://hooks.example.com/legacy')).toBe(true);
    const registry = readRegistry(`${home}/subscriptions.json`);
    const external = registry.subscriptions.filter((r) => r.external);
    expect(external.map((r) => [r.event, r.status])).toEqual([['course.completed', 'migrated'], ['course.completed', 'migrated']]);

    const again = await runCliInProcess(args, { env: env(home, fake.url) });
    expect(again.code).toBe(0);
    expect(fake.requests).toHaveLength(2);
  });

  it('with a successor already registered, only links the records', async () => {
    fake = await startFakeTagMango();
    const home = tempHome();
    const file = writeRegistry(home, [record(fake.url, 1), record(fake.url, 2, { event: 'course.completed.100' })].concat(record(fake.url, 3, { scope: { key: 'course', id: courseId(2) } })));
    fake.expect(1);
    const result = await runCliInProcess(['migrate', '--yes', '--json'], { env: env(home, fake.url) });
    expect(result.code).toBe(0);
    expect(bodies(fake.requests)).toEqual([{ hookUrl: 'https://hooks.example.com/tm', event: 'course.completed.100', course: courseId(1) }]);
    const linked = readRegistry(file).subscriptions.find((r) => r.id === record(fake!.url, 3).id);
    expect(linked).toMatchObject({ status: 'migrated', migratedTo: record(fake.url, 2).id });
  });
});

describe('migrate on a terminal', () => {
  it('asks before sending: "n" sends and writes nothing, "y" migrates', async () => {
    fake = await startFakeTagMango();
    const home = tempHome();
    const file = writeRegistry(home, [record(fake.url, 1)]);
    const before = fs.readFileSync(file, 'utf8');
    const { runInProcess } = await import('../helpers/in-process.js');
    const no = await runInProcess(['migrate'], { env: env(home, fake.url), stdin: 'n\n', stdinTTY: true });
    expect(no.stderr).toContain('Register 1 successor webhook? [y/N]');
    expect(no.code).toBe(1);
    expect(no.stderr).toMatch(/\[y\/N\] Nothing sent\.\n$/);
    expect(no.stderr).not.toContain('error:');
    expect(fake.requests).toHaveLength(0);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    fake.expect(1);
    const yes = await runInProcess(['migrate'], { env: env(home, fake.url), stdin: 'y\n', stdinTTY: true });
    expect(yes.code).toBe(0);
    expect(fake.requests).toHaveLength(1);
    expect(readRegistry(file).subscriptions[0]?.status).toBe('migrated');
  });
});

describe('migrate with an unknown outcome', () => {
  it('reports an in-doubt successor (exit 4, nothing sent) and registers it again only with --force', async () => {
    fake = await startFakeTagMango();
    const home = tempHome();
    const file = writeRegistry(home, [
      record(fake.url, 1),
      record(fake.url, 2, { event: 'course.completed.100', scope: { key: 'course', id: courseId(1) }, status: 'unknown', note: 'reset' }),
    ]);
    const first = await runCliInProcess(['migrate', '--yes', '--json'], { env: env(home, fake.url) });
    expect(first.code).toBe(4);
    const doc = JSON.parse(first.stdout) as { results: { status: string; reason: string }[]; error: { hint: string } };
    expect(doc.results).toMatchObject([{ status: 'unknown' }]);
    expect(doc.results[0]?.reason).toMatch(/dashboard.*tagmango-hooks resolve wh_[a-z0-9]{8} --exists/);
    expect(doc.error.hint).toContain(`tagmango-hooks resolve ${record(fake.url, 2).id} --exists`);
    expect(fake.requests).toHaveLength(0);

    fake.expect(1);
    const forced = await runCliInProcess(['migrate', '--yes', '--force'], { env: env(home, fake.url) });
    expect(forced.code).toBe(0);
    expect(fake.requests.map((r) => r.json)).toEqual([{ hookUrl: 'https://hooks.example.com/tm', event: 'course.completed.100', course: courseId(1) }]);
    const legacy = readRegistry(file).subscriptions.find((r) => r.id === record(fake!.url, 1).id);
    expect(legacy?.status).toBe('migrated');
    expect(legacy?.migratedTo).not.toBe(record(fake.url, 2).id);
    // The in-doubt record is kept as a possible duplicate of the new one: it is not counted and blocks nothing.
    const old = readRegistry(file).subscriptions.find((r) => r.id === record(fake!.url, 2).id);
    expect(old).toMatchObject({ status: 'duplicate', duplicateOf: legacy?.migratedTo });
    const whoami = JSON.parse((await runCliInProcess(['whoami', '--json'], { env: env(home, fake.url) })).stdout) as { registry: { perEvent: Record<string, number> } };
    expect(whoami.registry.perEvent).toEqual({ 'course.completed.100': 1 });
    const again = await runCliInProcess(['migrate', '--yes'], { env: env(home, fake.url) });
    expect(again.code, again.stderr).toBe(0);
    expect(fake.requests).toHaveLength(1);
  });
});
