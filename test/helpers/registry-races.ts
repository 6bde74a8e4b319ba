import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { baseEnv, tempHome } from './cli.js';
import { startFakeTagMango, type FakeTagMango } from './fake-tagmango.js';
import { courseId, readRegistry } from './registry.js';

const KEY = 'tm_test_key_0123456789abcd';
const HOOK = 'https://hooks.example.com/tm';

/** Runs the CLI (spawned or in-process) with an environment; its exit code. */
export type Runner = (argv: string[], options: { env: Record<string, string | undefined> }) => Promise<{ code: number | null }>;

/** `runs` subscribes of different courses at once: every record kept, each sent once, no lock or temporary file left. */
export async function parallelSubscribesKeepEveryRecord(run: Runner, runs: number, started: (fake: FakeTagMango) => void): Promise<void> {
  const fake = await startFakeTagMango({ latencyMs: 20 });
  fake.expect(runs);
  started(fake);
  const home = tempHome();
  const env = baseEnv(home, { TAGMANGO_API_URL: fake.url, TAGMANGO_API_KEY: KEY });
  const results = await Promise.all(Array.from({ length: runs }, (_, i) => run(['subscribe', HOOK, '--course', courseId(i + 1)], { env })));
  expect(results.map((r) => r.code)).toEqual(Array(runs).fill(0));
  expect(fake.requests).toHaveLength(runs);
  const records = readRegistry(path.join(home, 'subscriptions.json')).subscriptions;
  expect(records).toHaveLength(runs);
  expect(new Set(records.map((r) => r.scope?.id)).size).toBe(runs);
  expect(new Set(records.map((r) => r.id)).size).toBe(runs);
  expect(records.every((r) => r.status === 'active')).toBe(true);
  expect(fs.readdirSync(home).filter((n) => n.endsWith('.lock') || n.endsWith('.tmp'))).toEqual([]);
}

/** `runs` subscribes of the same registration at once: one request, one record. */
export async function sameRegistrationAtOnceSendsOne(run: Runner, runs: number, started: (fake: FakeTagMango) => void): Promise<void> {
  const fake = await startFakeTagMango({ latencyMs: 50 });
  // One request, and one only: a second would be unexpected.
  fake.expect(1);
  started(fake);
  const home = tempHome();
  const env = baseEnv(home, { TAGMANGO_API_URL: fake.url, TAGMANGO_API_KEY: KEY });
  const results = await Promise.all(Array.from({ length: runs }, () => run(['subscribe', HOOK, '--course', courseId(1)], { env })));
  expect(results.map((r) => r.code)).toEqual(Array(runs).fill(0));
  expect(fake.requests).toHaveLength(1);
  expect(readRegistry(path.join(home, 'subscriptions.json')).subscriptions).toHaveLength(1);
}
