import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseEnv } from '../helpers/cli.js';
import { perTestFakeAndHome } from '../helpers/per-test.js';
import { runCliInProcess } from '../helpers/in-process.js';
import { record, writeRegistry } from '../helpers/registry.js';

const KEY = 'tm_live_ECHOED_0123456789abcdefWXYZ';
const MASK = '****WXYZ';

const t = perTestFakeAndHome({ apiKey: KEY });

/** Neither stream carries the key; the mask shows where it was. */
function expectMasked(result: { stdout: string; stderr: string }, where: 'stdout' | 'stderr'): void {
  expect(result.stdout + result.stderr).not.toContain(KEY);
  expect(result.stdout + result.stderr).not.toContain(KEY.slice(0, 20));
  expect(result[where]).toContain(MASK);
}

describe('the key typed (or stored) where something else belongs is masked in the echo', () => {
  it('subscribe "$TAGMANGO_API_KEY" as the hook URL', async () => {
    const result = await runCliInProcess(['subscribe', KEY], { env: baseEnv(t.home, { TAGMANGO_API_KEY: KEY, TAGMANGO_API_URL: t.fake.url }) });
    expect(result.code).toBe(2);
    expectMasked(result, 'stderr');
    expect(t.fake.requests).toEqual([]);
  });

  it('--event "$TAGMANGO_API_KEY", also in --json', async () => {
    const env = baseEnv(t.home, { TAGMANGO_API_KEY: KEY, TAGMANGO_API_URL: t.fake.url });
    const human = await runCliInProcess(['subscribe', 'https://hooks.example.com/tm', '--event', KEY], { env });
    expect(human.code).toBe(2);
    expectMasked(human, 'stderr');
    const json = await runCliInProcess(['subscribe', 'https://hooks.example.com/tm', '--event', KEY, '--json'], { env });
    expect(json.code).toBe(2);
    expectMasked(json, 'stdout');
  });

  it('a CSV cell and a JSON-lines field name holding it (--json errors too)', async () => {
    const env = baseEnv(t.home, { TAGMANGO_API_KEY: KEY, TAGMANGO_API_URL: t.fake.url });
    fs.writeFileSync(path.join(t.home, 'rows.csv'), `hookUrl,course\n${KEY},634fc35ddaf58580e2418c40\n`);
    const csv = await runCliInProcess(['subscribe', '--from-file', 'rows.csv'], { env, cwd: t.home });
    expect(csv.code).toBe(2);
    expectMasked(csv, 'stderr');
    fs.writeFileSync(path.join(t.home, 'rows.jsonl'), `{"hookUrl":"https://hooks.example.com/tm","${KEY}":"x"}\n`);
    const lines = await runCliInProcess(['subscribe', '--from-file', 'rows.jsonl', '--json'], { env, cwd: t.home });
    expect(lines.code).toBe(2);
    expectMasked(lines, 'stdout');
    expect(t.fake.requests).toEqual([]);
  });

  it.each([
    ['subscribe', ['subscribe', `https://hooks.example.com/tm?key=${KEY}`]],
    ['subscribe --dry-run', ['subscribe', `https://hooks.example.com/${KEY}/tm`, '--dry-run']],
    ['subscribe --json', ['subscribe', `https://hooks.example.com/tm?key=${encodeURIComponent(KEY)}`, '--json']],
    ['import', ['import', `https://hooks.example.com/tm?key=${KEY}`]],
  ])('a hook URL holding the key is refused (%s): exit 2, nothing sent, the registry never holds it', async (_name, argv) => {
    const env = baseEnv(t.home, { TAGMANGO_API_KEY: KEY, TAGMANGO_API_URL: t.fake.url });
    const result = await runCliInProcess(argv, { env });
    expect(result.code).toBe(2);
    expect(result.stdout + result.stderr).toMatch(/holds the API key/);
    expectMasked(result, argv.includes('--json') ? 'stdout' : 'stderr');
    expect(t.fake.requests).toEqual([]);
    expect(fs.existsSync(path.join(t.home, 'subscriptions.json'))).toBe(false);
  });

  it('list of a stored hook URL holding the stored key (no key in the environment)', async () => {
    const env = baseEnv(t.home, { TAGMANGO_API_URL: t.fake.url });
    expect((await runCliInProcess(['login'], { env, input: `${KEY}\n` })).code).toBe(0);
    writeRegistry(t.home, [record(t.fake.url, 1, { event: 'course.completed.100', hookUrl: `https://hooks.example.com/tm?key=${KEY}` })]);
    const result = await runCliInProcess(['list'], { env });
    expect(result.code).toBe(0);
    expectMasked(result, 'stdout');
    const json = await runCliInProcess(['list', '--json'], { env });
    expectMasked(json, 'stdout');
  });

  it('trigger, when the receiver echoes the key', async () => {
    const receiver = http.createServer((req, res) => {
      req.resume().on('end', () => res.writeHead(500).end(`bad key ${KEY}`));
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const to = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      const result = await runCliInProcess(['trigger', 'course.completed.100', '--to', to], { env: baseEnv(t.home, { TAGMANGO_API_KEY: KEY }) });
      expect(result.code).toBe(1);
      expectMasked(result, 'stdout');
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});
