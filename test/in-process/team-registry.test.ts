import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseEnv } from '../helpers/cli.js';
import { runCliInProcess } from '../helpers/in-process.js';
import { perTestFakeAndHome } from '../helpers/per-test.js';
import { record, writeRegistry } from '../helpers/registry.js';

const KEY = 'tm_live_3f9a8b7c6d5e4f3a2b1cKEY9';
const COURSE = '634fc35ddaf58580e2418c40';
const HOOK = 'https://hooks.example.com/~team/hook';

const t = perTestFakeAndHome({ apiKey: KEY });

function env(): Record<string, string | undefined> {
  return baseEnv(t.home, { TAGMANGO_API_URL: t.fake.url, TAGMANGO_API_KEY: KEY });
}

function records(): Array<Record<string, unknown>> {
  return JSON.parse(fs.readFileSync(path.join(t.home, 'subscriptions.json'), 'utf8')).subscriptions;
}

const cli = (...argv: string[]) => runCliInProcess(argv, { env: env() });

describe('one registration per endpoint: hook URL spellings', () => {
  it.each([
    ['a fragment', 'https://hooks.example.com/~team/hook#x'],
    ['a percent-encoded unreserved character', 'https://hooks.example.com/%7Eteam/hook'],
    ['lower-case hex of an unreserved character', 'https://hooks.example.com/%7eteam/hook'],
    ['host case', 'https://HOOKS.Example.com/~team/hook'],
    ['the default port', 'https://hooks.example.com:443/~team/hook'],
    ['all of them at once', 'https://Hooks.EXAMPLE.com:443/%7eteam/ho%6Fk#frag'],
  ])('%s is the same endpoint: skipped, nothing sent', async (_what, spelling) => {
    t.fake.expect(1);
    expect((await cli('subscribe', HOOK)).code).toBe(0);
    const again = await cli('subscribe', spelling, '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).results).toMatchObject([{ status: 'skipped' }]);
    expect(t.fake.requests).toHaveLength(1);
  });

  it('the hex case of a reserved escape is folded too, but the request carries the URL as written', async () => {
    const written = 'https://hooks.example.com/a%2fb?x=%3d#frag';
    t.fake.expect(1);
    expect((await cli('subscribe', written)).code).toBe(0);
    expect(t.fake.requests[0]?.json).toMatchObject({ hookUrl: written });
    expect((await cli('subscribe', 'https://hooks.example.com/a%2Fb?x=%3D')).code).toBe(0);
    expect(t.fake.requests).toHaveLength(1);
    expect(records()).toMatchObject([{ hookUrl: written }]);
  });

  it('a different path, query or encoded reserved character is another endpoint', async () => {
    for (const url of [HOOK, 'https://hooks.example.com/~team/hook2', 'https://hooks.example.com/~team/hook?a=1', 'https://hooks.example.com/~team%2Fhook']) {
      t.fake.expect(1);
      expect((await cli('subscribe', url)).code).toBe(0);
    }
    expect(t.fake.requests).toHaveLength(4);
  });

  it('a registry written before, holding two spellings of one endpoint, reports it registered twice and loses neither', async () => {
    const first = record(t.fake.url, 1, { event: 'course.completed.100', scope: null, hookUrl: HOOK });
    const second = record(t.fake.url, 2, { event: 'course.completed.100', scope: null, hookUrl: 'https://hooks.example.com/%7Eteam/hook#old' });
    writeRegistry(t.home, [first, second]);
    const list = await cli('list', '--json');
    expect(list.code).toBe(0);
    const doc = JSON.parse(list.stdout);
    expect(doc.subscriptions.map((r: { id: string }) => r.id)).toEqual([first.id, second.id]);
    expect(doc.registeredTwice).toMatchObject([{ ids: [first.id, second.id], event: 'course.completed.100', hookUrl: HOOK }]);
    expect((await cli('subscribe', HOOK)).code).toBe(0);
    expect(t.fake.requests).toHaveLength(0);
    expect(records()).toHaveLength(2);
  });
});

describe('registered twice', () => {
  const twice = () => {
    const a = record(t.fake.url, 1, { event: 'course.completed', hookUrl: HOOK, scope: { key: 'course', id: COURSE } });
    const b = record(t.fake.url, 2, { event: 'course.completed', hookUrl: HOOK, scope: { key: 'course', id: COURSE }, createdAt: '2026-01-02T00:00:00.000Z' });
    writeRegistry(t.home, [a, b]);
    return [a.id, b.id] as const;
  };

  it('list says so with the dashboard step and the forget command, in text and JSON', async () => {
    const [a, b] = twice();
    const human = await cli('list');
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(`Registered twice: ${a} and ${b} are one webhook (course.completed, course ${COURSE}, ${HOOK}).`);
    expect(human.stdout).toContain(`remove one of the two webhooks, then run: tagmango-hooks forget ${b} (keeping ${a}).`);
    const json = JSON.parse((await cli('list', '--json')).stdout);
    expect(json.registeredTwice).toEqual([{ ids: [a, b], event: 'course.completed', hookUrl: HOOK, scope: { key: 'course', id: COURSE }, hint: expect.stringContaining(`forget ${b}`) }]);
  });

  it('whoami says so, in text and JSON', async () => {
    const [a, b] = twice();
    const human = await cli('whoami');
    expect(human.stdout).toContain(`Registered twice: ${a} and ${b} are one webhook`);
    const json = JSON.parse((await cli('whoami', '--json')).stdout);
    expect(json.registry.registeredTwice).toMatchObject([{ ids: [a, b] }]);
  });

  it('subscribe sends nothing more and migrate registers one successor for both', async () => {
    const [a, b] = twice();
    const again = await cli('subscribe', HOOK, '--event', 'course.completed', '--course', COURSE, '--json');
    expect(JSON.parse(again.stdout).results).toMatchObject([{ status: 'skipped' }]);
    expect(t.fake.requests).toHaveLength(0);
    t.fake.expect(1);
    const migrate = await cli('migrate', '--yes', '--json');
    expect(migrate.code).toBe(0);
    expect(t.fake.requests).toHaveLength(1);
    expect(records().filter((r) => r.status === 'migrated').map((r) => r.id)).toEqual([a, b]);
    expect((await cli('list', '--json')).stdout).toContain('"registeredTwice": []');
  });
});

describe('overlapping scopes', () => {
  it('all objects, then one course: refused with both named, nothing sent; --force sends it', async () => {
    t.fake.expect(1);
    expect((await cli('subscribe', HOOK)).code).toBe(0);
    const id = records()[0]?.id as string;
    const scoped = await cli('subscribe', `${HOOK}#x`, '--course', COURSE);
    expect(scoped.code).toBe(2);
    expect(scoped.stderr).toContain(`Overlapping registrations: the registration for course ${COURSE} overlaps the registration for all objects, ${id} in the registry`);
    expect(scoped.stderr).toContain('--force');
    const dry = await cli('subscribe', HOOK, '--course', COURSE, '--dry-run');
    expect(dry.code).toBe(2);
    expect(dry.stdout).toBe('');
    expect(t.fake.requests).toHaveLength(1);
    expect(records()).toHaveLength(1);
    t.fake.expect(1);
    expect((await cli('subscribe', HOOK, '--course', COURSE, '--force')).code).toBe(0);
    expect(t.fake.requests).toHaveLength(2);
  });

  it('one course, then all objects: refused too, in JSON with its code', async () => {
    t.fake.expect(1);
    expect((await cli('subscribe', HOOK, '--course', COURSE)).code).toBe(0);
    const all = await cli('subscribe', HOOK, '--json');
    expect(all.code).toBe(2);
    expect(JSON.parse(all.stdout)).toMatchObject({ ok: false, error: { code: 'OVERLAPPING_REGISTRATION', exitCode: 2, message: expect.stringContaining(`course ${COURSE}`) } });
    expect(t.fake.requests).toHaveLength(1);
  });

  it('both in one file: refused before anything is sent or written', async () => {
    fs.writeFileSync(path.join(t.home, 'hooks.csv'), `hookUrl,course\n${HOOK},\n${HOOK},${COURSE}\n`);
    const run = await runCliInProcess(['subscribe', '--from-file', 'hooks.csv'], { env: env(), cwd: t.home });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('in this run');
    expect(t.fake.requests).toHaveLength(0);
    expect(fs.existsSync(path.join(t.home, 'subscriptions.json'))).toBe(false);
  });

  it('a placeholder that makes the URLs differ is no overlap; another event is none either; a rerun stays a no-op', async () => {
    t.fake.expect(3);
    expect((await cli('subscribe', 'https://hooks.example.com/all')).code).toBe(0);
    expect((await cli('subscribe', 'https://hooks.example.com/{course}', '--course', COURSE)).code).toBe(0);
    expect((await cli('subscribe', 'https://hooks.example.com/all', '--event', 'course.completed.50', '--course', COURSE)).code).toBe(0);
    expect(t.fake.requests).toHaveLength(3);
    expect((await cli('subscribe', 'https://hooks.example.com/{course}', '--course', COURSE)).code).toBe(0);
    expect(t.fake.requests).toHaveLength(3);
  });

  it('import refuses an overlap the same way', async () => {
    expect((await cli('import', HOOK, '--course', COURSE)).code).toBe(0);
    const all = await cli('import', HOOK);
    expect(all.code).toBe(2);
    expect(all.stderr).toContain('overlaps');
    expect(records()).toHaveLength(1);
  });
});

describe('import', () => {
  it('records a webhook as active without a request; subscribe then skips it; migrate plans and moves it', async () => {
    const imported = await cli('import', HOOK, '--event', 'course.completed', '--course', COURSE, '--json');
    expect(imported.code).toBe(0);
    const doc = JSON.parse(imported.stdout);
    expect(doc.results).toMatchObject([{ status: 'imported', event: 'course.completed', hookUrl: HOOK, scope: { key: 'course', id: COURSE } }]);
    expect(doc.warnings).toMatchObject([{ code: 'DEPRECATED_EVENT' }]);
    expect(t.fake.requests).toHaveLength(0);
    expect(records()).toMatchObject([{ id: doc.results[0].id, status: 'active', external: true }]);

    const again = await cli('import', HOOK, '--event', 'course.completed', '--course', COURSE, '--json');
    expect(JSON.parse(again.stdout).results).toMatchObject([{ status: 'skipped', id: doc.results[0].id, reason: 'Already in the registry.' }]);
    const subscribe = await cli('subscribe', `${HOOK}#dashboard`, '--event', 'course.completed', '--course', COURSE, '--json');
    expect(JSON.parse(subscribe.stdout).results).toMatchObject([{ status: 'skipped' }]);
    expect(t.fake.requests).toHaveLength(0);

    const plan = await cli('migrate', '--dry-run');
    expect(plan.stdout).toContain(`replaces ${doc.results[0].id}`);
    t.fake.expect(1);
    expect((await cli('migrate', '--yes')).code).toBe(0);
    expect(t.fake.requests.map((r) => r.json)).toEqual([{ hookUrl: HOOK, event: 'course.completed.100', course: COURSE }]);
  });

  it('takes --from-file as subscribe does, and refuses bad input with exit 2 and nothing written', async () => {
    fs.writeFileSync(path.join(t.home, 'dash.json'), JSON.stringify([{ hookUrl: HOOK }, { hookUrl: 'https://hooks.example.com/b', event: 'course.completed.50', course: COURSE }]));
    const ok = await runCliInProcess(['import', '--from-file', 'dash.json'], { env: env(), cwd: t.home });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('2 imported');
    expect(ok.stdout.split('\n').filter((line) => line.includes('wh_'))).toEqual([expect.stringMatching(/^imported  wh_/), expect.stringMatching(/^imported  wh_/)]);
    expect(records()).toHaveLength(2);
    const bad = await cli('import', 'ftp://hooks.example.com/x');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('must use http or https');
    const missing = await cli('import');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('tagmango-hooks import https://');
    expect(records()).toHaveLength(2);
    expect(t.fake.requests).toHaveLength(0);
  });

  it('an identity with an unknown outcome is reported unknown with the resolve hint, and nothing is recorded', async () => {
    const unknown = record(t.fake.url, 1, { status: 'unknown', event: 'course.completed.100', hookUrl: HOOK, scope: null });
    writeRegistry(t.home, [unknown]);
    const run = await cli('import', HOOK);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('unknown');
    expect(run.stderr).toContain(`tagmango-hooks resolve ${unknown.id}`);
    expect(records()).toHaveLength(1);
  });
});
