import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseEnv, snapshotFiles } from '../helpers/cli.js';
import { runCliInProcess } from '../helpers/in-process.js';
import { perTestFakeAndHome } from '../helpers/per-test.js';
import { courseId, readRegistry } from '../helpers/registry.js';

const KEY = 'tm_test_key_0123456789abcd';
const SECRET = 'Zq7-hook-secret-3f9a1c';
const TEMPLATE = 'https://hooks.example.com/tm/{secret}?event={event}&token={secret}';
const t = perTestFakeAndHome();

function env(extra: Record<string, string | undefined> = { TAGMANGO_HOOK_SECRET: SECRET }): Record<string, string | undefined> {
  return baseEnv(t.home, { TAGMANGO_API_URL: t.fake.url, TAGMANGO_API_KEY: KEY, ...extra });
}

/** Every file under the home, as text. */
function homeText(): string {
  return Object.values(snapshotFiles(t.home)).join('\n');
}

describe('{secret} in a hook URL', () => {
  it('is sent filled, kept out of the registry and of all output, and filled again by migrate', async () => {
    const outputs: string[] = [];
    // Each command with the requests it sends.
    for (const [argv, sends] of [
      [['subscribe', TEMPLATE, '--event', 'course.completed', '--course', courseId(1), '--dry-run'], 0],
      [['subscribe', TEMPLATE, '--event', 'course.completed', '--course', courseId(1), '--verbose'], 1],
      [['list', '--json'], 0],
      [['migrate', '--yes', '--verbose', '--json'], 1],
      [['list', '--all'], 0],
    ] as const) {
      if (sends > 0) t.fake.expect(sends);
      const run = await runCliInProcess(argv, { env: env() });
      expect(run.code, `${argv.join(' ')}\n${run.stderr}`).toBe(0);
      outputs.push(run.stdout, run.stderr);
    }
    expect(t.fake.requests.map((r) => r.json)).toEqual([
      { hookUrl: `https://hooks.example.com/tm/${SECRET}?event=course.completed&token=${SECRET}`, event: 'course.completed', course: courseId(1) },
      { hookUrl: `https://hooks.example.com/tm/${SECRET}?event=course.completed.100&token=${SECRET}`, event: 'course.completed.100', course: courseId(1) },
    ]);
    const records = readRegistry(path.join(t.home, 'subscriptions.json')).subscriptions;
    expect(records.map((r) => [r.event, r.status, r.hookUrlTemplate])).toEqual([
      ['course.completed', 'migrated', TEMPLATE],
      ['course.completed.100', 'active', TEMPLATE],
    ]);
    expect(records[1]?.hookUrl).toBe('https://hooks.example.com/tm/%7Bsecret%7D?event=course.completed.100&token={secret}');
    expect(homeText()).not.toContain(SECRET);
    for (const text of outputs) expect(text).not.toContain(SECRET);
    // The verbose log showed the request, with the secret masked like the key.
    expect(outputs.join('')).toContain(`****${SECRET.slice(-4)}`);
  });

  it('is masked when TagMango echoes the filled URL back in an error', async () => {
    t.fake.reply({ status: 500, body: { message: `cannot reach https://hooks.example.com/tm/${SECRET}?token=${SECRET}` } });
    const run = await runCliInProcess(['subscribe', TEMPLATE, '--course', courseId(2), '--json', '--verbose'], { env: env() });
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toContain(`cannot reach https://hooks.example.com/tm/****${SECRET.slice(-4)}`);
    expect(run.stdout + run.stderr + homeText()).not.toContain(SECRET);
  });

  it.each([
    ['missing', undefined, /TAGMANGO_HOOK_SECRET is not set/],
    ['short', 'too-short-15chr', /at least 16 characters/],
    ['spaced', 'a secret with spaces', /without white space/],
  ])('refuses a %s secret: exit 2, nothing sent or written', async (_what, secret, message) => {
    const before = snapshotFiles(t.home);
    for (const argv of [
      ['subscribe', TEMPLATE, '--course', courseId(3)],
      ['subscribe', TEMPLATE, '--course', courseId(3), '--dry-run'],
    ]) {
      const run = await runCliInProcess(argv, { env: env({ TAGMANGO_HOOK_SECRET: secret }) });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toContain('openssl rand -hex 32');
    }
    expect(t.fake.requests).toEqual([]);
    expect(snapshotFiles(t.home)).toEqual(before);
  });

  it('migrate refuses without the secret before anything is sent or written', async () => {
    t.fake.expect(1);
    expect((await runCliInProcess(['subscribe', TEMPLATE, '--event', 'course.completed', '--course', courseId(4)], { env: env() })).code).toBe(0);
    const before = snapshotFiles(t.home);
    const run = await runCliInProcess(['migrate', '--yes'], { env: env({ TAGMANGO_HOOK_SECRET: undefined }) });
    expect(run.code, run.stderr).toBe(2);
    expect(t.fake.requests).toHaveLength(1);
    expect(snapshotFiles(t.home)).toEqual(before);
  });
});

describe('trigger --to with {secret}', () => {
  it('sends the secret to the receiver and shows the placeholder', async () => {
    t.fake.reply({ status: 200, body: { received: true } });
    const run = await runCliInProcess(['trigger', 'course.completed.100', '--to', `${t.fake.url}/hook?event={event}&token={secret}`], { env: env() });
    expect(run.code, run.stderr).toBe(0);
    expect(t.fake.requests.map((r) => r.url)).toEqual([`/hook?event=course.completed.100&token=${SECRET}`]);
    expect(run.stdout).toContain('token={secret}: 200');
    expect(run.stdout + run.stderr).not.toContain(SECRET);
  });
});
