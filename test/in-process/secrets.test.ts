import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseEnv, snapshotFiles, type CliResult } from '../helpers/cli.js';
import { perTestFakeAndHome } from '../helpers/per-test.js';
import { runCliInProcess } from '../helpers/in-process.js';

const KEY = 'tm_live_SECRET_0123456789abcdefWXYZ';
const HOOK = 'https://hooks.example.com/tm';
const ID = '634fc35ddaf58580e2418c40';

const t = perTestFakeAndHome({ apiKey: KEY });

describe('the API key never appears in full', () => {
  it('in any output or any file but config.json, across every command and error path', async () => {
    const env = baseEnv(t.home, { TAGMANGO_API_URL: t.fake.url });
    const envKey = { ...env, TAGMANGO_API_KEY: KEY };
    /** A run that sends one registration, answered as TagMango would. */
    const expectOne = (start: () => Promise<CliResult>): Promise<CliResult> => {
      t.fake.expect(1);
      return start();
    };
    const runs: Array<[string, Promise<CliResult> | (() => Promise<CliResult>)]> = [
      ['login', () => runCliInProcess(['login'], { env, input: `${KEY}\n` })],
      ['login --json --verbose', () => runCliInProcess(['login', '--api-key-stdin', '--json', '--verbose'], { env, input: `${KEY}\n` })],
      ['whoami', () => runCliInProcess(['whoami'], { env })],
      ['whoami --json --verbose', () => runCliInProcess(['whoami', '--json', '--verbose'], { env })],
      ['whoami (env key)', () => runCliInProcess(['whoami', '--json'], { env: envKey })],
      ['whoami (stdin key)', () => runCliInProcess(['whoami', '--api-key-stdin'], { env, input: `${KEY}\n` })],
      ['config list', () => runCliInProcess(['config', 'list', '--json'], { env })],
      ['config set', () => runCliInProcess(['config', 'set', 'timeout', '5000', '--verbose'], { env })],
      ['config get', () => runCliInProcess(['config', 'get', 'timeout'], { env })],
      ['config unset', () => runCliInProcess(['config', 'unset', 'timeout'], { env })],
      ['config path', () => runCliInProcess(['config', 'path'], { env })],
      ['subscribe', () => expectOne(() => runCliInProcess(['subscribe', HOOK, '--course', ID], { env }))],
      ['subscribe --verbose', () => expectOne(() => runCliInProcess(['subscribe', HOOK, '--course', ID.replace('0', '1'), '--verbose'], { env }))],
      ['subscribe --dry-run --verbose', () => runCliInProcess(['subscribe', HOOK, '--dry-run', '--verbose'], { env })],
      ['subscribe --json --verbose', () => expectOne(() => runCliInProcess(['subscribe', HOOK, '--course', ID.replace('0', '2'), '--json', '--verbose'], { env: envKey }))],
      ['subscribe (stdin key, skipped)', () => runCliInProcess(['subscribe', HOOK, '--course', ID, '--api-key-stdin', '--verbose'], { env, input: `${KEY}\n` })],
      [
        'subscribe 401',
        () => {
          t.fake.reply({ status: 401, body: { message: `Invalid API key ${KEY}` } });
          return runCliInProcess(['subscribe', HOOK, '--course', ID.replace('0', '3'), '--verbose', '--json'], { env });
        },
      ],
      [
        'subscribe 500 echoing the key',
        () => {
          t.fake.reply({ status: 500, body: `<html>x-api-key=${KEY}</html>` });
          return runCliInProcess(['subscribe', HOOK, '--course', ID.replace('0', '4'), '--verbose'], { env });
        },
      ],
      [
        'subscribe reset',
        () => {
          t.fake.reply({ reset: true });
          return runCliInProcess(['subscribe', HOOK, '--course', ID.replace('0', '5'), '--verbose', '--json'], { env });
        },
      ],
      [
        'subscribe whose 201 echoes the key',
        () => {
          t.fake.reply({ status: 201, body: { success: true, result: { _id: 'e'.repeat(24), apiKey: KEY, headers: { 'x-api-key': KEY } } } });
          return runCliInProcess(['subscribe', HOOK, '--course', ID.replace('0', '6'), '--verbose'], { env });
        },
      ],
      ['subscribe unreachable API', () => runCliInProcess(['subscribe', HOOK, '--verbose', '--retries', '0'], { env: { ...env, TAGMANGO_API_URL: 'http://127.0.0.1:1' } })],
      ['subscribe bad input', () => runCliInProcess(['subscribe', 'ftp://x', '--verbose'], { env })],
      ['login rejecting a key with a space', () => runCliInProcess(['login', '--verbose'], { env: { ...env }, input: `${KEY} extra\n` })],
      ['logout', () => runCliInProcess(['logout', '--verbose'], { env })],
      ['whoami (no key)', () => runCliInProcess(['whoami', '--verbose'], { env })],
    ];
    let shown = '';
    for (const [name, start] of runs) {
      const result = await (typeof start === 'function' ? start() : start);
      shown += result.stdout + result.stderr;
      expect(result.stdout, `${name} stdout`).not.toContain(KEY);
      expect(result.stderr, `${name} stderr`).not.toContain(KEY);
      for (const [file, text] of Object.entries(snapshotFiles(t.home))) {
        if (file !== 'config.json') expect(text, `${name} left the key in ${file}`).not.toContain(KEY);
      }
    }
    expect(shown).toContain(`****${KEY.slice(-4)}`);
    // The runs did reach the server with the key, and the masked form was shown.
    expect(t.fake.requests.some((r) => r.headers['x-api-key'] === KEY)).toBe(true);
    expect(fs.readFileSync(path.join(t.home, 'config.json'), 'utf8')).not.toContain(KEY);
  });

  it('shows the masked form ****WXYZ', async () => {
    const result = await runCliInProcess(['login'], { env: baseEnv(t.home), input: `${KEY}\n` });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('****WXYZ');
    expect(fs.readFileSync(path.join(t.home, 'config.json'), 'utf8')).toContain(KEY);
  });
});

describe('file permissions', () => {
  it('tightens a config readable by others to 0600 and its folder to 0700, with a warning', async () => {
    fs.writeFileSync(path.join(t.home, 'config.json'), JSON.stringify({ profiles: { default: { apiKey: KEY } } }));
    fs.chmodSync(path.join(t.home, 'config.json'), 0o644);
    fs.chmodSync(t.home, 0o755);
    const result = await runCliInProcess(['whoami', '--json'], { env: baseEnv(t.home) });
    expect(result.code).toBe(0);
    expect(fs.statSync(path.join(t.home, 'config.json')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(t.home).mode & 0o777).toBe(0o700);
    expect(result.stderr).toMatch(/warning: .*config\.json was readable by other users \(mode 644\); changed it to 600\./);
    expect(result.stderr).toMatch(/warning: .* was readable by other users \(mode 755\); changed it to 700\./);
    const codes = (JSON.parse(result.stdout).warnings as Array<{ code: string }>).map((w) => w.code);
    expect(codes).toEqual(['PERMISSIONS_TIGHTENED', 'PERMISSIONS_TIGHTENED']);
  });

  it('creates the config 0600 in a 0700 folder, and says nothing when modes are already private', async () => {
    const fresh = path.join(t.home, 'nested');
    const env = baseEnv(t.home, { TAGMANGO_HOOKS_HOME: fresh });
    expect((await runCliInProcess(['login'], { env, input: `${KEY}\n` })).code).toBe(0);
    expect(fs.statSync(path.join(fresh, 'config.json')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(fresh).mode & 0o777).toBe(0o700);
    const again = await runCliInProcess(['whoami'], { env });
    expect(again.stderr).not.toContain('warning');
  });
});

describe('symbolic links are refused', () => {
  it('for the config: nothing is written through the link', async () => {
    const target = path.join(t.home, 'elsewhere.json');
    fs.writeFileSync(target, '{"profiles":{}}');
    fs.symlinkSync(target, path.join(t.home, 'config.json'));
    const result = await runCliInProcess(['login'], { env: baseEnv(t.home), input: `${KEY}\n` });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: ${path.join(t.home, 'config.json')} is a symbolic link; refusing to use it.`);
    expect(fs.readFileSync(target, 'utf8')).toBe('{"profiles":{}}');
    expect(fs.lstatSync(path.join(t.home, 'config.json')).isSymbolicLink()).toBe(true);
  });

  it('for the registry (via subscribe): nothing is sent or written', async () => {
    const target = path.join(t.home, 'real-registry.json');
    const original = '{"version":1,"subscriptions":[]}\n';
    fs.writeFileSync(target, original);
    fs.symlinkSync(target, path.join(t.home, 'subscriptions.json'));
    const result = await runCliInProcess(['subscribe', HOOK, '--course', ID], { env: baseEnv(t.home, { TAGMANGO_API_KEY: KEY, TAGMANGO_API_URL: t.fake.url }) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${path.join(t.home, 'subscriptions.json')} is a symbolic link; refusing to use it.`);
    expect(t.fake.requests).toHaveLength(0);
    expect(fs.readFileSync(target, 'utf8')).toBe(original);
  });
});
