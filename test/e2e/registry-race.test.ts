import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { baseEnv, runCli, tempHome } from '../helpers/cli.js';
import { startFakeTagMango, type FakeTagMango } from '../helpers/fake-tagmango.js';
import { courseId, readRegistry } from '../helpers/registry.js';

const KEY = 'tm_test_key_0123456789abcd';
let fake: FakeTagMango | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('the registry, with separate processes', () => {
  it('keeps all 10 records when 10 subscribe processes run at once', async () => {
    fake = await startFakeTagMango({ latencyMs: 20 });
    const home = tempHome();
    const env = baseEnv(home, { TAGMANGO_API_URL: fake.url, TAGMANGO_API_KEY: KEY });
    const runs = await Promise.all(
      Array.from({ length: 10 }, (_, i) => runCli(['subscribe', 'https://hooks.example.com/tm', '--course', courseId(i + 1)], { env })),
    );
    expect(runs.map((r) => r.code)).toEqual(Array(10).fill(0));
    expect(fake.requests).toHaveLength(10);
    const file = path.join(home, 'subscriptions.json');
    const records = readRegistry(file).subscriptions;
    expect(records).toHaveLength(10);
    expect(new Set(records.map((r) => r.scope?.id)).size).toBe(10);
    expect(new Set(records.map((r) => r.id)).size).toBe(10);
    expect(records.every((r) => r.status === 'active')).toBe(true);
    expect(fs.readdirSync(home).filter((n) => n.endsWith('.lock') || n.endsWith('.tmp'))).toEqual([]);
  }, 90_000);

  it('sends one registration when 10 processes ask for the same one at once', async () => {
    fake = await startFakeTagMango({ latencyMs: 50 });
    const home = tempHome();
    const env = baseEnv(home, { TAGMANGO_API_URL: fake.url, TAGMANGO_API_KEY: KEY });
    const runs = await Promise.all(Array.from({ length: 10 }, () => runCli(['subscribe', 'https://hooks.example.com/tm', '--course', courseId(1)], { env })));
    expect(runs.map((r) => r.code)).toEqual(Array(10).fill(0));
    expect(fake.requests).toHaveLength(1);
    expect(readRegistry(path.join(home, 'subscriptions.json')).subscriptions).toHaveLength(1);
  }, 60_000);
});
