import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { claimAhead } from '../../src/registrations/claims.js';
import { RegistryStore } from '../../src/registry/store.js';
import { baseEnv, runCli, spawnCli, tempHome, waitFor } from '../helpers/cli.js';
import { everyRegistration, startFakeTagMango, type FakeTagMango } from '../helpers/fake-tagmango.js';

const KEY = 'tm_live_claimahead0000000000KEY8';
const HOOK = 'https://hooks.example.com/ahead';
const CONCURRENCY = 4;
const IDS = Array.from({ length: 12 }, (_, i) => (0xa00 + i).toString(16).padStart(24, '0'));

let fake: FakeTagMango | undefined;
let home: string | undefined;
let release: () => void = () => undefined;
afterEach(async () => {
  release();
  await fake?.close();
  fake = undefined;
  if (home) fs.rmSync(home, { recursive: true, force: true });
});

it('killed after claiming items ahead but before sending them, no item is sent twice and every claimed one is in doubt', async () => {
  const gate = new Promise<void>((resolve) => (release = resolve));
  // How many go out before the kill depends on timing: every registration is expected.
  fake = await startFakeTagMango({ apiKey: KEY, hold: () => gate, route: everyRegistration });
  home = tempHome();
  const file = path.join(home, 'subscriptions.json');
  const env = baseEnv(home, { TAGMANGO_API_URL: fake.url, TAGMANGO_API_KEY: KEY });
  const args = ['subscribe', HOOK, '--course', IDS.join(','), '--concurrency', String(CONCURRENCY), '--json'];

  const run = spawnCli(args, { env });
  // Every slot holds a request TagMango has not answered, and the next items are claimed, durable, not sent.
  const claimed = CONCURRENCY + claimAhead(CONCURRENCY);
  await waitFor(() => fake!.requests.length === CONCURRENCY && fs.existsSync(`${file}.journal`) && new RegistryStore(file).read().subscriptions.filter((r) => r.status === 'pending').length === claimed, 20_000, 'claims ahead of the requests');
  run.child.kill('SIGKILL');
  expect((await run.done).signal).toBe('SIGKILL');
  release();

  const afterKill = new RegistryStore(file).read().subscriptions;
  expect(afterKill).toHaveLength(claimed);
  expect(afterKill.every((r) => r.status === 'unknown')).toBe(true);
  const inDoubt = new Set(afterKill.map((r) => r.scope?.id));
  expect([...inDoubt]).toEqual(IDS.slice(0, claimed));

  const rerun = await runCli(args, { env });
  expect(rerun.code).toBe(4);
  const doc = JSON.parse(rerun.stdout) as { results: { status: string; scope: { id: string } }[] };
  expect(doc.results.map((r) => r.status)).toEqual(IDS.map((id) => (inDoubt.has(id) ? 'unknown' : 'created')));
  // The claimed-but-unsent items were not sent by either run; nothing was sent twice.
  const sent = fake.requests.map((r) => (r.json as { course: string }).course);
  expect(new Set(sent).size).toBe(sent.length);
  expect(sent.sort()).toEqual([...IDS.slice(0, CONCURRENCY), ...IDS.slice(claimed)].sort());
});
