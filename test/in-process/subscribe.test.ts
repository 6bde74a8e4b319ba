import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseEnv, snapshotFiles } from '../helpers/cli.js';
import { runCliInProcess } from '../helpers/in-process.js';
import { perTestFakeAndHome } from '../helpers/per-test.js';

const KEY = 'tm_live_3f9a8b7c6d5e4f3a2b1cKEY9';
const STORED_KEY = 'tm_live_stored000000000000STOR';
const COURSE_A = '634fc35ddaf58580e2418c40';
const COURSE_B = '634fc35ddaf58580e2418c41';
const HOOK = 'https://hooks.example.com/tm';
const PATH = '/api/v1/integration/webhook/webhook';

const t = perTestFakeAndHome({ apiKey: KEY });

/** Environment pointing at the fake, with the key in TAGMANGO_API_KEY unless told otherwise. */
function env(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return baseEnv(t.home, { TAGMANGO_API_URL: t.fake.url, TAGMANGO_API_KEY: KEY, ...extra });
}

function registry(): { subscriptions: Array<Record<string, unknown>> } {
  return JSON.parse(fs.readFileSync(path.join(t.home, 'subscriptions.json'), 'utf8'));
}

describe('subscribe', () => {
  it('sends exactly the documented request and prints one JSON document', async () => {
    t.fake.expect(1);
    const result = await runCliInProcess(['subscribe', HOOK, '--course', COURSE_A, '--json'], { env: env() });

    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc).toMatchObject({ ok: true, warnings: [], results: [{ event: 'course.completed.100', hookUrl: HOOK, scope: { key: 'course', id: COURSE_A }, status: 'created' }] });
    expect(t.fake.requests).toHaveLength(1);
    const [request] = t.fake.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe(PATH);
    expect(request?.json).toEqual({ hookUrl: HOOK, event: 'course.completed.100', course: COURSE_A });
    expect(request?.headers).toMatchObject({
      'x-api-key': KEY,
      'content-type': 'application/json',
      accept: 'application/json',
    });
    expect(request?.headers['user-agent']).toMatch(/^tagmango-hooks\/\d+\.\d+\.\d+ node\/\d+\.\d+\.\d+$/);
    const records = registry().subscriptions;
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ id: doc.results[0].id, event: 'course.completed.100', hookUrl: HOOK, status: 'active', scope: { key: 'course', id: COURSE_A } });
  });

  it('logs in from stdin, then subscribes with the stored key', async () => {
    const login = await runCliInProcess(['login'], { env: baseEnv(t.home), input: `${KEY}\n` });
    expect(login.code).toBe(0);
    expect(login.stdout).toContain('****KEY9');
    const config = path.join(t.home, 'config.json');
    expect(fs.statSync(config).mode & 0o777).toBe(0o600);
    expect(fs.statSync(t.home).mode & 0o777).toBe(0o700);

    t.fake.expect(1);
    const result = await runCliInProcess(['subscribe', HOOK], { env: env({ TAGMANGO_API_KEY: undefined }) });
    expect(result.code).toBe(0);
    expect(t.fake.requests.map((r) => r.headers['x-api-key'])).toEqual([KEY]);
    expect(t.fake.requests[0]?.json).toEqual({ hookUrl: HOOK, event: 'course.completed.100' });
  });

  it('uses TAGMANGO_API_KEY over the stored key, and --api-key-stdin over both', async () => {
    t.fake.expect(2);
    await runCliInProcess(['login'], { env: baseEnv(t.home), input: `${STORED_KEY}\n` });

    const fromEnv = await runCliInProcess(['subscribe', HOOK, '--course', COURSE_A], { env: env() });
    expect(fromEnv.code).toBe(0);
    const fromStdin = await runCliInProcess(['subscribe', HOOK, '--course', COURSE_B, '--api-key-stdin'], {
      env: env({ TAGMANGO_API_KEY: STORED_KEY }),
      input: `${KEY}\n`,
    });
    expect(fromStdin.code).toBe(0);
    expect(t.fake.requests.map((r) => r.headers['x-api-key'])).toEqual([KEY, KEY]);
  });

  it('sends one request per --course with exactly {hookUrl, event, course}', async () => {
    t.fake.expect(2);
    const result = await runCliInProcess(['subscribe', HOOK, '--course', COURSE_A, '--course', COURSE_B], { env: env() });

    expect(result.code).toBe(0);
    const bodies = t.fake.requests.map((r) => r.json);
    expect(bodies).toHaveLength(2);
    expect(bodies).toEqual(
      expect.arrayContaining([
        { hookUrl: HOOK, event: 'course.completed.100', course: COURSE_A },
        { hookUrl: HOOK, event: 'course.completed.100', course: COURSE_B },
      ]),
    );
    expect(result.stdout).toContain('2 created');
  });

  it('registers the deprecated course.completed but warns, on stderr and in JSON', async () => {
    t.fake.expect(2);
    const human = await runCliInProcess(['subscribe', HOOK, '--event', 'course.completed', '--course', COURSE_A], { env: env() });
    expect(human.code).toBe(0);
    expect(human.stderr).toMatch(/course\.completed is deprecated/);
    expect(human.stderr).toContain('course.completed.100');
    expect(human.stderr).toContain('tagmango-hooks migrate');
    expect(t.fake.requests[0]?.json).toEqual({ hookUrl: HOOK, event: 'course.completed', course: COURSE_A });

    // Another hook URL: the same one for all courses would overlap the course registration above.
    const json = await runCliInProcess(['subscribe', `${HOOK}-all`, '--event', 'course.completed', '--json'], { env: env() });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).warnings).toEqual([
      expect.objectContaining({ code: 'DEPRECATED_EVENT', event: 'course.completed', successor: 'course.completed.100' }),
    ]);
  });

  it('refuses the deprecated event with --strict: exit 2, nothing sent or written', async () => {
    const result = await runCliInProcess(['subscribe', HOOK, '--event', 'course.completed', '--strict'], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('course.completed.100');
    expect(t.fake.requests).toHaveLength(0);
    expect(snapshotFiles(t.home)).toEqual({});
  });

  it('skips a registration already in the registry, and sends it again with --force', async () => {
    t.fake.expect(1);
    await runCliInProcess(['subscribe', HOOK, '--course', COURSE_A], { env: env() });
    const again = await runCliInProcess(['subscribe', HOOK, '--course', COURSE_A, '--json'], { env: env() });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).results[0].status).toBe('skipped');
    expect(t.fake.requests).toHaveLength(1);

    t.fake.expect(1);
    const forced = await runCliInProcess(['subscribe', HOOK, '--course', COURSE_A, '--force'], { env: env() });
    expect(forced.code).toBe(0);
    expect(t.fake.requests).toHaveLength(2);
  });

  it('prints the exact request with --dry-run, key masked, and sends and writes nothing', async () => {
    const result = await runCliInProcess(['subscribe', HOOK, '--course', COURSE_A, '--dry-run'], { env: env() });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`POST ${t.fake.url}${PATH}`);
    expect(result.stdout).toContain('x-api-key: ****KEY9');
    expect(result.stdout).toContain(JSON.stringify({ hookUrl: HOOK, event: 'course.completed.100', course: COURSE_A }));
    expect(t.fake.requests).toHaveLength(0);
    expect(snapshotFiles(t.home)).toEqual({});
  });

  it('knows webinar.reminder.15min: --webinar --dry-run works without --allow-unknown-event; --course does not fit it', async () => {
    const WEBINAR = '65a1b2c3d4e5f60718293a51';
    const result = await runCliInProcess(['subscribe', HOOK, '--event', 'webinar.reminder.15min', '--webinar', WEBINAR, '--dry-run'], { env: env() });
    expect(result.stderr).not.toMatch(/unknown|allow-unknown-event|warning/i);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(JSON.stringify({ hookUrl: HOOK, event: 'webinar.reminder.15min', webinar: WEBINAR }));
    const misfit = await runCliInProcess(['subscribe', HOOK, '--event', 'webinar.reminder.15min', '--course', COURSE_A, '--dry-run'], { env: env() });
    expect(misfit.code).toBe(2);
    expect(misfit.stderr).toContain('--webinar');
    expect(t.fake.requests).toHaveLength(0);
    expect(snapshotFiles(t.home)).toEqual({});
  });
});

describe('subscribe failures', () => {
  it('exits 3 when TagMango rejects the key, and keeps nothing in the registry', async () => {
    t.fake.expect(1);
    const result = await runCliInProcess(['subscribe', HOOK], { env: env({ TAGMANGO_API_KEY: 'tm_live_wrong0000000000WRNG' }) });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/rejected the API key/);
    expect(result.stderr).toContain('tagmango-hooks login');
    expect(registry().subscriptions).toEqual([]);
  });

  it('exits 3 with the fix when there is no key at all, sending nothing', async () => {
    const result = await runCliInProcess(['subscribe', HOOK, '--json'], { env: env({ TAGMANGO_API_KEY: undefined }) });
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, error: { code: 'API_KEY_MISSING', exitCode: 3 } });
    expect(t.fake.requests).toHaveLength(0);
  });

  it('retries a 503 and succeeds on the next attempt', async () => {
    t.fake.reply({ status: 503, body: { message: 'busy' }, headers: { 'retry-after': '0' } });
    t.fake.expect(1);
    const result = await runCliInProcess(['subscribe', HOOK, '--json'], { env: env() });
    expect(result.code).toBe(0);
    expect(t.fake.requests).toHaveLength(2);
    expect(JSON.parse(result.stdout).results[0].status).toBe('created');
  });

  it('does not retry a 500, exits 1 and records nothing', async () => {
    t.fake.reply({ status: 500, body: { message: 'Internal error' } });
    const result = await runCliInProcess(['subscribe', HOOK, '--json'], { env: env() });
    expect(result.code).toBe(1);
    expect(t.fake.requests).toHaveLength(1);
    const doc = JSON.parse(result.stdout);
    expect(doc).toMatchObject({ ok: false, error: { code: 'HTTP_500', exitCode: 1 }, results: [{ status: 'failed' }] });
    expect(registry().subscriptions).toEqual([]);
  });

  it.each([
    [['subscribe', 'not-a-url']],
    [['subscribe', HOOK, '--course', 'abc']],
    [['subscribe', HOOK, '--event', 'course.finished']],
    [['subscribe', HOOK, '--event', 'order.created.completed', '--course', COURSE_A]],
    [['subscribe', HOOK, '--concurrency', '0']],
    [['subscribe', 'http://localhost:3000/hook', '--api-url', 'https://api.example.com']],
    [['subscribe']],
  ])('rejects bad input %j: exit 2, one sentence, nothing sent or written', async (args) => {
    const result = await runCliInProcess(args, { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: [^\n]+\n[^\n]+\n$/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
    expect(t.fake.requests).toHaveLength(0);
    expect(snapshotFiles(t.home)).toEqual({});
  });

  it('never shows the full key, even with --verbose on an error', async () => {
    t.fake.reply({ status: 500, body: { message: 'Internal error' } });
    const result = await runCliInProcess(['subscribe', HOOK, '--verbose'], { env: env() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('****KEY9');
    expect(result.stdout + result.stderr).not.toContain(KEY);
    expect(fs.readFileSync(path.join(t.home, 'subscriptions.json'), 'utf8')).not.toContain(KEY);
  });
});
