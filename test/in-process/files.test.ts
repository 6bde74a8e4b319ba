import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseEnv } from '../helpers/cli.js';
import { perTestFakeAndHome } from '../helpers/per-test.js';
import { runCliInProcess } from '../helpers/in-process.js';

const KEY = 'tm_files_key_0123456789abcdef';
const HOOK = 'https://hooks.example.com/tm';
const ID = '634fc35ddaf58580e2418c40';

const t = perTestFakeAndHome({ apiKey: KEY });

const env = (extra: Record<string, string> = {}) => baseEnv(t.home, { TAGMANGO_API_KEY: KEY, TAGMANGO_API_URL: t.fake.url, ...extra });

describe('a corrupted config', () => {
  const broken = '{"profiles": {"default": {"apiKey": "tm_files_key_0123456789abcdef"}';
  it.each([
    ['login', ['login'], `${KEY}\n`],
    ['config set', ['config', 'set', 'timeout', '5000'], ''],
    ['subscribe', ['subscribe', HOOK, '--course', ID], ''],
    ['whoami', ['whoami'], ''],
  ])('%s: names the file, exits 2, leaves it byte-equal and sends nothing', async (_name, args, input) => {
    const file = path.join(t.home, 'config.json');
    fs.writeFileSync(file, broken, { mode: 0o600 });
    const result = await runCliInProcess(args, { env: env(), input });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error: The config file ${file} is not valid JSON.`);
    expect(result.stderr).toContain('Fix it by hand, or move it aside and run: tagmango-hooks login');
    expect(fs.readFileSync(file, 'utf8')).toBe(broken);
    expect(t.fake.requests).toHaveLength(0);
  });
});

describe('the registry', () => {
  it('when corrupted: names the file, exits 2, leaves it byte-equal, sends nothing', async () => {
    const file = path.join(t.home, 'subscriptions.json');
    fs.writeFileSync(file, '{"version":1,"subscriptions":[{');
    const result = await runCliInProcess(['subscribe', HOOK, '--course', ID], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error: The registry ${file} is not valid JSON.`);
    expect(fs.readFileSync(file, 'utf8')).toBe('{"version":1,"subscriptions":[{');
    expect(t.fake.requests).toHaveLength(0);
  });

  it('when the path is a directory: names it, sends nothing', async () => {
    const dir = path.join(t.home, 'reg-dir');
    fs.mkdirSync(dir);
    const result = await runCliInProcess(['subscribe', HOOK, '--course', ID, '--registry', dir], { env: env() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: The registry path ${dir} is a directory.`);
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(t.fake.requests).toHaveLength(0);
  });

  it('when the path cannot be created (below a regular file, which stops root too): names it, sends nothing', async () => {
    const blocker = path.join(t.home, 'plain-file');
    fs.writeFileSync(blocker, 'x');
    const target = path.join(blocker, 'sub', 'reg.json');
    const result = await runCliInProcess(['subscribe', HOOK, '--course', ID], { env: env({ TAGMANGO_HOOKS_REGISTRY: target }) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: Cannot create the folder ${path.dirname(target)} for the registry`);
    expect(fs.readFileSync(blocker, 'utf8')).toBe('x');
    expect(t.fake.requests).toHaveLength(0);
  });

  it('is replaced atomically (temporary file + rename): a hard link to the old file keeps the old bytes, no temporary file is left', async () => {
    t.fake.expect(2);
    const file = path.join(t.home, 'subscriptions.json');
    expect((await runCliInProcess(['subscribe', HOOK, '--course', ID], { env: env() })).code).toBe(0);
    const before = fs.readFileSync(file, 'utf8');
    fs.linkSync(file, path.join(t.home, 'old-link.json'));
    expect((await runCliInProcess(['subscribe', HOOK, '--course', ID.replace('0', '1')], { env: env() })).code).toBe(0);
    expect(fs.readFileSync(path.join(t.home, 'old-link.json'), 'utf8')).toBe(before);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).subscriptions).toHaveLength(2);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(t.home).filter((f) => /\.tmp$|\.lock$/.test(f))).toEqual([]);
  });
});

describe('the config', () => {
  it('is replaced atomically too: a hard link to the old file keeps the old bytes', async () => {
    const file = path.join(t.home, 'config.json');
    expect((await runCliInProcess(['login'], { env: baseEnv(t.home), input: `${KEY}\n` })).code).toBe(0);
    const before = fs.readFileSync(file, 'utf8');
    fs.linkSync(file, path.join(t.home, 'old-config.json'));
    expect((await runCliInProcess(['config', 'set', 'retries', '2'], { env: baseEnv(t.home) })).code).toBe(0);
    expect(fs.readFileSync(path.join(t.home, 'old-config.json'), 'utf8')).toBe(before);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).profiles.default).toEqual({ apiKey: KEY, retries: 2 });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it.each([
    ['login', ['login'], `${KEY}\n`],
    ['config set', ['config', 'set', 'retries', '2'], ''],
  ])('%s when its folder cannot be created: one sentence naming the file, exit 1, no stack trace', async (_name, args, input) => {
    // Below a dangling symbolic link: the config reads as absent, but its folder cannot be made (root too).
    fs.symlinkSync(path.join(t.home, 'nowhere'), path.join(t.home, 'dangling'));
    const home = path.join(t.home, 'dangling', 'home');
    const result = await runCliInProcess(args, { env: baseEnv(home), input });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^error: Cannot save the config file ${home}/config\\.json: its folder ${home} cannot be created \\(ENOENT`));
    expect(result.stderr).toContain('Point TAGMANGO_HOOKS_HOME at a folder you can write to.');
    expect(result.stderr).not.toMatch(/Unexpected error|\n\s+at /);
    expect(result.stderr).not.toContain(KEY);
    expect(fs.existsSync(path.join(t.home, 'nowhere'))).toBe(false);
  });
});
