import { describe, expect, it } from 'vitest';
import { baseEnv, runCli, snapshotFiles } from '../helpers/cli.js';
import { perTestFakeAndHome } from '../helpers/per-test.js';
import { courseId } from '../helpers/registry.js';

// The built binary, as a user runs it: {secret} reaches TagMango filled and nothing else, in any process's output or any file.
const SECRET = 'e2e-hook-secret-7f3a9c1b';
const TEMPLATE = 'https://hooks.example.com/tm?event={event}&token={secret}';
const t = perTestFakeAndHome();

describe('{secret} through the binary', () => {
  it('is sent filled by subscribe and migrate, and is in no output and no file of the home; without it nothing is sent', async () => {
    const env = baseEnv(t.home, { TAGMANGO_API_URL: t.fake.url, TAGMANGO_API_KEY: 'tm_e2e_key_0123456789abcd', TAGMANGO_HOOK_SECRET: SECRET });
    // subscribe sends one registration, migrate its successor, list nothing.
    t.fake.expect(1);
    const subscribe = await runCli(['subscribe', TEMPLATE, '--event', 'course.completed', '--course', courseId(1), '--verbose'], { env });
    t.fake.expect(1);
    const migrate = await runCli(['migrate', '--yes', '--json'], { env });
    const runs = [subscribe, migrate, await runCli(['list', '--all'], { env })];
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
    expect(t.fake.requests.map((r) => (r.json as { hookUrl: string }).hookUrl)).toEqual([
      `https://hooks.example.com/tm?event=course.completed&token=${SECRET}`,
      `https://hooks.example.com/tm?event=course.completed.100&token=${SECRET}`,
    ]);
    for (const r of runs) expect(r.stdout + r.stderr).not.toContain(SECRET);
    expect(Object.values(snapshotFiles(t.home)).join('\n')).not.toContain(SECRET);

    const before = snapshotFiles(t.home);
    const missing = await runCli(['subscribe', TEMPLATE, '--course', courseId(2)], { env: { ...env, TAGMANGO_HOOK_SECRET: undefined } });
    const short = await runCli(['subscribe', TEMPLATE, '--course', courseId(2)], { env: { ...env, TAGMANGO_HOOK_SECRET: 'short' } });
    expect([missing.code, short.code]).toEqual([2, 2]);
    expect(missing.stderr).toMatch(/^error: The hook URL holds \{secret\}, but TAGMANGO_HOOK_SECRET is not set\.\n/);
    expect(short.stderr).toMatch(/^error: TAGMANGO_HOOK_SECRET must be at least 16 characters/);
    expect(t.fake.requests).toHaveLength(2);
    expect(snapshotFiles(t.home)).toEqual(before);
  });
});
