import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { everyRegistration, startFakeTagMango, type FakeTagMango } from '../helpers/fake-tagmango.js';
import { courseIds, courseOf } from '../helpers/courses.js';
import { perTestHome } from '../helpers/per-test.js';
import { BIN, baseEnv } from '../helpers/cli.js';
import { record, writeRegistry } from '../helpers/registry.js';
import { RegistryStore } from '../../src/registry/store.js';

const KEY = 'tm_live_headpipe000000000000KEY7';
const HOOK = 'https://hooks.example.com/head';

const t = perTestHome();

/** Run `tagmango-hooks <args> | <reader>` in bash; the exit code is the CLI's (PIPESTATUS), not the reader's. */
function piped(args: readonly string[], reader: string, env: Record<string, string | undefined>, cwd: string): Promise<{ code: number; stderr: string }> {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  const child = spawn('bash', ['-c', `${quoted} | ${reader} >/dev/null; exit "\${PIPESTATUS[0]}"`], {
    env: Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv,
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stderr })));
}

/** What a stopped run must leave: no claim whose request never reached TagMango, no claim still pending, no lock. */
function expectNothingPhantom(server: FakeTagMango, file: string): void {
  const sent = new Set(server.requests.map(courseOf));
  const records = new RegistryStore(file).read().subscriptions.filter((r) => r.status === 'unknown' || r.status === 'pending');
  expect(records.filter((r) => r.status === 'pending')).toEqual([]);
  expect(records.filter((r) => !sent.has(r.scope?.id ?? ''))).toEqual([]);
  expect(fs.existsSync(`${file}.lock`)).toBe(false);
  expect(fs.existsSync(`${file}.journal`)).toBe(false);
}

describe('a reader that closes stdout mid-run (| head)', () => {
  it('subscribe --from-file | head -n 1 stops like Ctrl-C: exit 141, no phantom unknown, no lock left', { timeout: 60_000 }, async () => {
    // How many are sent before the reader goes depends on timing: every registration is expected.
    t.fake = await startFakeTagMango({ apiKey: KEY, latencyMs: 20, route: everyRegistration });
    const ids = courseIds(400);
    fs.writeFileSync(path.join(t.home, 'rows.csv'), `hookUrl,course\n${ids.map((id) => `${HOOK},${id}`).join('\n')}\n`);
    const result = await piped(['subscribe', '--from-file', 'rows.csv', '--concurrency', '4'], 'head -n 1', baseEnv(t.home, { TAGMANGO_API_URL: t.fake.url, TAGMANGO_API_KEY: KEY }), t.home);
    expect(result.code).toBe(141);
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(t.fake.requests.length).toBeLessThan(400);
    expectNothingPhantom(t.fake, path.join(t.home, 'subscriptions.json'));
  });

  it('migrate --yes --json | head -c 20 stops the same way', { timeout: 60_000 }, async () => {
    t.fake = await startFakeTagMango({ apiKey: KEY, latencyMs: 20, route: everyRegistration });
    const file = writeRegistry(t.home, Array.from({ length: 400 }, (_, n) => record(t.fake!.url, n + 1, { hookUrl: HOOK })));
    const result = await piped(['migrate', '--yes', '--json', '--concurrency', '4'], 'head -c 20', baseEnv(t.home, { TAGMANGO_API_URL: t.fake.url, TAGMANGO_API_KEY: KEY }), t.home);
    expect(result.code).toBe(141);
    expect(t.fake.requests.length).toBeLessThan(400);
    expectNothingPhantom(t.fake, file);
  });
});
