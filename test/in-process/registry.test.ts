import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { baseEnv, tempHome } from '../helpers/cli.js';
import { startFakeTagMango, type FakeTagMango } from '../helpers/fake-tagmango.js';
import { courseId, readRegistry } from '../helpers/registry.js';
import { runCliInProcess } from '../helpers/in-process.js';
import { parallelSubscribesKeepEveryRecord, sameRegistrationAtOnceSendsOne } from '../helpers/registry-races.js';

const KEY = 'tm_test_key_0123456789abcd';
let fake: FakeTagMango | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
const keep = (f: FakeTagMango): void => void (fake = f);

describe('the registry', () => {
  it('keeps all 20 records when 20 subscribe runs go at once in one process', () => parallelSubscribesKeepEveryRecord(runCliInProcess, 20, keep), 90_000);

  it('sends one registration when 10 runs in one process ask for the same one at once', () => sameRegistrationAtOnceSendsOne(runCliInProcess, 10, keep), 60_000);

  it('writes pretty JSON in a stable key order, without the key or machine paths', async () => {
    fake = await startFakeTagMango();
    fake.expect(1);
    const home = tempHome();
    const env = baseEnv(home, { TAGMANGO_API_URL: fake.url, TAGMANGO_API_KEY: KEY });
    await runCliInProcess(['subscribe', 'https://hooks.example.com/tm', '--course', courseId(1)], { env });
    const text = fs.readFileSync(path.join(home, 'subscriptions.json'), 'utf8');
    expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2) + '\n');
    expect(Object.keys((JSON.parse(text) as { subscriptions: object[] }).subscriptions[0] ?? {})).toEqual(
      ['id', 'apiUrl', 'profile', 'event', 'hookUrl', 'scope', 'status', 'createdAt', 'updatedAt', 'remoteId', 'response'],
    );
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(home);
  });

  const CORRUPT: [string, string][] = [
    ['not JSON', '{"version": 1, "subscriptions": [\n'],
    ['of another schema', JSON.stringify({ version: 1, subscriptions: [{ id: 'x' }] })],
    ['of an unknown version', JSON.stringify({ version: 9, subscriptions: [] })],
  ];
  const COMMANDS: string[][] = [
    ['subscribe', 'https://hooks.example.com/tm'],
    ['list'],
    ['migrate', '--yes'],
    ['forget', 'wh_00000001', '--yes'],
    ['whoami'],
    ['subscribe', 'https://hooks.example.com/tm', '--dry-run'],
  ];
  for (const [what, content] of CORRUPT) {
    it(`refuses a registry ${what}: non-zero exit, file named, file unchanged, nothing sent`, async () => {
      fake = await startFakeTagMango();
      const home = tempHome();
      const file = path.join(home, 'elsewhere', 'subs.json');
      fs.mkdirSync(path.dirname(file));
      fs.writeFileSync(file, content);
      const env = baseEnv(home, { TAGMANGO_API_URL: fake.url, TAGMANGO_API_KEY: KEY, TAGMANGO_HOOKS_REGISTRY: file });
      for (const args of COMMANDS) {
        const result = await runCliInProcess(args, { env });
        expect(result.code, args.join(' ')).not.toBe(0);
        expect(result.stderr, args.join(' ')).toContain(file);
        expect(result.stderr).toMatch(/left untouched/);
        expect(result.stderr).not.toMatch(/\n\s+at /);
        expect(fs.readFileSync(file, 'utf8')).toBe(content);
      }
      expect(fake.requests).toHaveLength(0);
      expect(fs.readdirSync(path.dirname(file))).toEqual(['subs.json']);
    });
  }

  it('--registry puts the file elsewhere, for example in a repository for CI', async () => {
    fake = await startFakeTagMango();
    fake.expect(1);
    const home = tempHome();
    const repo = tempHome();
    const env = baseEnv(home, { TAGMANGO_API_URL: fake.url, TAGMANGO_API_KEY: KEY });
    const result = await runCliInProcess(['--registry', 'hooks/registry.json', 'subscribe', 'https://hooks.example.com/tm'], { env, cwd: repo });
    expect(result.code).toBe(0);
    expect(readRegistry(path.join(repo, 'hooks', 'registry.json')).subscriptions).toHaveLength(1);
    expect(fs.existsSync(path.join(home, 'subscriptions.json'))).toBe(false);
  });
});
