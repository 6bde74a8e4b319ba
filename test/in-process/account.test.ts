import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { baseEnv, snapshotFiles, tempHome } from '../helpers/cli.js';
import { runCliInProcess } from '../helpers/in-process.js';
import { record, writeRegistry } from '../helpers/registry.js';

const KEY = 'tm_live_a1b2c3d4e5f6a7b8c9d0WXYZ';
const OTHER = 'tm_live_ffffffffffffffffffffOTHR';

let home: string;
beforeEach(() => {
  home = tempHome();
});
afterEach(() => {
  fs.rmSync(home, { recursive: true, force: true });
});

function readConfig(): { profiles: Record<string, Record<string, unknown>> } {
  return JSON.parse(fs.readFileSync(path.join(home, 'config.json'), 'utf8'));
}

describe('login and logout', () => {
  it('stores the key per profile, shows it masked and never echoes it', async () => {
    const a = await runCliInProcess(['login'], { env: baseEnv(home), input: `${KEY}\n` });
    const b = await runCliInProcess(['login', '--profile', 'staging'], { env: baseEnv(home), input: `${OTHER}\n` });
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(a.stdout).toContain('****WXYZ');
    expect(a.stdout).toContain(path.join(home, 'config.json'));
    expect(a.stdout + a.stderr + b.stdout + b.stderr).not.toContain(KEY);
    expect(readConfig().profiles).toEqual({ default: { apiKey: KEY }, staging: { apiKey: OTHER } });
  });

  it.each([[''], ['   '], ['abc def'], ['tab\there']])('rejects the key %j: exit 2, nothing written', async (input) => {
    const result = await runCliInProcess(['login'], { env: baseEnv(home), input: `${input}\n` });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: The API key from stdin (is empty|contains white space)/);
    expect(snapshotFiles(home)).toEqual({});
  });

  it('logout removes one profile key, logout --all removes every key', async () => {
    await runCliInProcess(['login'], { env: baseEnv(home), input: `${KEY}\n` });
    await runCliInProcess(['login', '--profile', 'staging'], { env: baseEnv(home), input: `${OTHER}\n` });

    const one = await runCliInProcess(['logout', '--profile', 'staging'], { env: baseEnv(home) });
    expect(one.code).toBe(0);
    expect(readConfig().profiles).toEqual({ default: { apiKey: KEY }, staging: {} });

    const all = await runCliInProcess(['logout', '--all', '--json'], { env: baseEnv(home) });
    expect(JSON.parse(all.stdout)).toMatchObject({ ok: true, removed: ['default'] });
    expect(readConfig().profiles).toEqual({ default: {}, staging: {} });
  });
});

describe('whoami', () => {
  it('names the key source by precedence: stdin, env, config', async () => {
    await runCliInProcess(['login'], { env: baseEnv(home), input: `${KEY}\n` });
    const fromConfig = await runCliInProcess(['whoami', '--json'], { env: baseEnv(home) });
    const fromEnv = await runCliInProcess(['whoami', '--json'], { env: baseEnv(home, { TAGMANGO_API_KEY: OTHER }) });
    const fromStdin = await runCliInProcess(['whoami', '--json', '--api-key-stdin'], { env: baseEnv(home, { TAGMANGO_API_KEY: OTHER }), input: `${KEY}\n` });
    expect(JSON.parse(fromConfig.stdout).apiKey).toEqual({ masked: '****WXYZ', source: 'config' });
    expect(JSON.parse(fromEnv.stdout).apiKey).toEqual({ masked: '****OTHR', source: 'env' });
    expect(JSON.parse(fromStdin.stdout).apiKey).toEqual({ masked: '****WXYZ', source: 'stdin' });
    for (const r of [fromConfig, fromEnv, fromStdin]) expect(r.stdout + r.stderr).not.toMatch(/tm_live_/);
  });

  it('shows paths and the API URL, and exits 3 with the fix when no key is set', async () => {
    const result = await runCliInProcess(['whoami'], { env: baseEnv(home, { TAGMANGO_API_URL: 'http://127.0.0.1:4010' }) });
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('API URL:   http://127.0.0.1:4010 (from env)');
    expect(result.stdout).toContain(`Registry:  ${path.join(home, 'subscriptions.json')}`);
    expect(result.stderr).toContain('tagmango-hooks login');
  });
});

describe('config profiles', () => {
  it('lists every stored profile with its masked key, API URL and webhooks in the registry, this run\'s marked', async () => {
    await runCliInProcess(['login'], { env: baseEnv(home), input: `${KEY}\n` });
    await runCliInProcess(['login', '--profile', 'staging'], { env: baseEnv(home), input: `${OTHER}\n` });
    await runCliInProcess(['config', 'set', 'api-url', 'http://127.0.0.1:4010', '--profile', 'sandbox'], { env: baseEnv(home) });
    writeRegistry(home, [record('https://api-prod-new.tagmango.com', 1), record('https://api-prod-new.tagmango.com', 2), record('http://127.0.0.1:4010', 3, { profile: 'sandbox' })]);
    const human = await runCliInProcess(['config', 'profiles', '--profile', 'staging'], { env: baseEnv(home) });
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^ {2}PROFILE +KEY +WEBHOOKS +API URL$/),
      expect.stringMatching(/^ {2}default +\*{4}WXYZ +2 +https:\/\/api-prod-new\.tagmango\.com$/),
      expect.stringMatching(/^ {2}sandbox +no key +1 +http:\/\/127\.0\.0\.1:4010$/),
      expect.stringMatching(/^\* staging +\*{4}OTHR +0 +https:\/\/api-prod-new\.tagmango\.com$/),
    ]);
    expect(human.stdout + human.stderr).not.toContain(KEY);
    const json = JSON.parse((await runCliInProcess(['config', 'profiles', '--json'], { env: baseEnv(home) })).stdout) as { current: string; profiles: { name: string; apiKey: string | null; registry: { total: number } }[] };
    expect(json.current).toBe('default');
    expect(json.profiles.map((p) => [p.name, p.apiKey, p.registry.total])).toEqual([['default', '****WXYZ', 2], ['sandbox', null, 1], ['staging', '****OTHR', 0]]);
  });
});

describe('config', () => {
  it('sets, gets, lists and unsets validated settings per profile', async () => {
    const env = baseEnv(home);
    expect((await runCliInProcess(['config', 'set', 'api-url', 'http://127.0.0.1:4010/', '--profile', 'sandbox'], { env })).code).toBe(0);
    expect((await runCliInProcess(['config', 'set', 'timeout', '5000'], { env })).code).toBe(0);
    expect(readConfig().profiles).toEqual({ sandbox: { 'api-url': 'http://127.0.0.1:4010' }, default: { timeout: 5000 } });

    const get = await runCliInProcess(['config', 'get', 'api-url', '--profile', 'sandbox'], { env });
    expect(get.stdout).toBe('http://127.0.0.1:4010\n');
    const list = await runCliInProcess(['config', 'list', '--json'], { env });
    expect(JSON.parse(list.stdout).settings).toEqual({
      'api-url': { value: 'https://api-prod-new.tagmango.com', source: 'default' },
      timeout: { value: 5000, source: 'config' },
      retries: { value: 3, source: 'default' },
    });
    expect((await runCliInProcess(['config', 'unset', 'timeout'], { env })).code).toBe(0);
    expect(readConfig().profiles.default).toEqual({});
    expect((await runCliInProcess(['config', 'path'], { env })).stdout).toBe(`${path.join(home, 'config.json')}\n`);
  });

  it.each([
    [['config', 'set', 'colour', 'red']],
    [['config', 'set', 'retries', '99']],
    [['config', 'set', 'timeout', 'abc']],
    [['config', 'set', 'api-url', 'ftp://example.com']],
    [['config', 'get', 'nope']],
  ])('rejects %j with exit 2 and leaves the file unchanged', async (args) => {
    await runCliInProcess(['config', 'set', 'retries', '2'], { env: baseEnv(home) });
    const before = snapshotFiles(home);
    const result = await runCliInProcess(args, { env: baseEnv(home) });
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n').filter(Boolean).length).toBeLessThanOrEqual(2);
    expect(snapshotFiles(home)).toEqual(before);
  });

  it('checks hand-edited stored values like flags: an out-of-range timeout is exit 2, naming it', async () => {
    fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ profiles: { default: { timeout: 0, retries: -7 } } }), { mode: 0o600 });
    const before = snapshotFiles(home);
    const result = await runCliInProcess(['config', 'list'], { env: baseEnv(home) });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/config timeout/);
    expect(snapshotFiles(home)).toEqual(before);
  });
});

