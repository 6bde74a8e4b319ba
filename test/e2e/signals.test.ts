import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimAhead } from '../../src/registrations/claims.js';
import { applyJournal, readJournal } from '../../src/registry/journal.js';
import { registrySchema, type RegistryData } from '../../src/registry/schema.js';
import { baseEnv, spawnCli, waitFor } from '../helpers/cli.js';
import { everyRegistration } from '../helpers/fake-tagmango.js';
import { perTestHeldFakeAndHome } from '../helpers/per-test.js';

const KEY = 'tm_signals_key_0123456789abcdef';
const HOOK = 'https://hooks.example.com/tm';
const IDS = Array.from({ length: 20 }, (_, i) => (0x634fc35ddaf5n * 0x1000000000000n + BigInt(i)).toString(16).padStart(24, '0'));

// How many go out before a signal depends on timing: every registration is expected.
const t = perTestHeldFakeAndHome({ apiKey: KEY, route: everyRegistration });

function start(extra: string[] = []) {
  return spawnCli(['subscribe', HOOK, '--course', IDS.join(','), '--concurrency', '3', ...extra], {
    env: baseEnv(t.home, { TAGMANGO_API_KEY: KEY, TAGMANGO_API_URL: t.fake.url }),
  });
}

/** The registry as a reader sees it: the file, with the journal of a bulk run that was cut short applied. */
function readRegistry(): RegistryData {
  const file = path.join(t.home, 'subscriptions.json');
  const data: RegistryData = fs.existsSync(file) ? registrySchema.parse(JSON.parse(fs.readFileSync(file, 'utf8'))) : { version: 2, subscriptions: [] };
  applyJournal(data, readJournal(`${file}.journal`).entries);
  return data;
}

/** Press Ctrl-C once three requests are in flight, then let TagMango answer them. */
async function interruptOnceInFlight(run: ReturnType<typeof start>) {
  await waitFor(() => t.fake.requests.length === 3, 20_000, 'three requests in flight');
  run.child.kill('SIGINT');
  await waitFor(() => run.output().stderr.includes('Stopping'), 10_000, 'the stop notice');
  t.release();
  return run.done;
}

describe('Ctrl-C during a bulk subscribe', () => {
  it('stops new requests, finishes those in flight, saves the registry, reports, and exits 130', async () => {
    const result = await interruptOnceInFlight(start());

    expect(result.code).toBe(130);
    expect(t.fake.requests).toHaveLength(3);
    expect(result.stderr).toContain('Stopping... (press Ctrl-C again to quit at once)');
    // The rows never sent are not failures: one summary line says how many, and what to do.
    expect(result.stderr).not.toContain('error:');
    expect(result.stdout.match(/^created /gm)).toHaveLength(3);
    expect(result.stdout).not.toMatch(/^(failed|cancelled) /m);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('3 created, 17 not sent (stopped): run the same command again to send them');

    const registry = readRegistry();
    expect(registry.subscriptions.map((r) => r.status)).toEqual(['active', 'active', 'active']);
    const sent = t.fake.requests.map((r) => (r.json as { course: string }).course).sort();
    expect(registry.subscriptions.map((r) => r.scope?.id).sort()).toEqual(sent);
  });

  it('with --json still prints one document with every result', async () => {
    const result = await interruptOnceInFlight(start(['--json']));
    expect(result.code).toBe(130);
    const document = JSON.parse(result.stdout);
    expect(document.ok).toBe(false);
    expect(document.error).toMatchObject({ code: 'CANCELLED', exitCode: 130 });
    expect(document.results.filter((r: { status: string }) => r.status === 'created')).toHaveLength(3);
    expect(document.results).toHaveLength(20);
    expect(document.results.filter((r: { status: string }) => r.status === 'cancelled')).toHaveLength(17);
  });

  it('a second Ctrl-C exits at once, leaving a valid registry that keeps what was in flight', async () => {
    const run = start();
    await waitFor(() => t.fake.requests.length === 3, 20_000, 'three requests in flight');
    run.child.kill('SIGINT');
    await waitFor(() => run.output().stderr.includes('Stopping'), 10_000, 'the stop notice');
    run.child.kill('SIGINT');
    const result = await run.done; // the answers are still held: only the second Ctrl-C can end it
    expect(result.code).toBe(130);
    expect(t.fake.requests).toHaveLength(3);
    // The three sent are kept, with the next items claimed ahead and not sent (quitting at once is
    // like a kill: they cannot be told apart); their owner is gone, so they read as unknown and a
    // rerun reports them unknown, names resolve, and sends only the rest.
    const sent = t.fake.requests.map((r) => (r.json as { course: string }).course).sort();
    const registry = readRegistry();
    const held = registry.subscriptions.map((r) => r.scope?.id as string);
    expect(held.length).toBeGreaterThanOrEqual(3);
    expect(held.length).toBeLessThanOrEqual(3 + claimAhead(3));
    expect(held.slice().sort()).toEqual(IDS.slice(0, held.length).sort());
    expect(sent).toEqual(IDS.slice(0, 3).sort());
    for (const record of registry.subscriptions) expect(record.status).toBe('pending');

    t.release();
    const rerun = await spawnCli(['subscribe', HOOK, '--course', IDS.join(',')], { env: baseEnv(t.home, { TAGMANGO_API_KEY: KEY, TAGMANGO_API_URL: t.fake.url }) }).done;
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(4);
    expect(t.fake.requests).toHaveLength(3 + 20 - held.length);
    expect(rerun.stdout.match(/^unknown .*tagmango-hooks resolve wh_[a-z0-9]{8} --exists/gm)).toHaveLength(held.length);
  });
});

describe('SIGTERM during a bulk subscribe (docker stop, CI cancel)', () => {
  it('is handled like Ctrl-C: in flight settles, registry written, one JSON document, exit 143', async () => {
    const run = start(['--json']);
    await waitFor(() => t.fake.requests.length === 3, 20_000, 'three requests in flight');
    run.child.kill('SIGTERM');
    await waitFor(() => run.output().stderr.includes('Terminating'), 10_000, 'the stop notice');
    t.release();
    const result = await run.done;

    expect(result.code).toBe(143);
    expect(t.fake.requests).toHaveLength(3);
    const document = JSON.parse(result.stdout);
    expect(document.ok).toBe(false);
    expect(document.error).toMatchObject({ code: 'CANCELLED', exitCode: 143 });
    expect(document.error.message).toMatch(/^Terminated \(SIGTERM\): 3 created, 17 not sent\.$/);
    expect(document.results).toHaveLength(20);
    const file = path.join(t.home, 'subscriptions.json');
    expect(fs.existsSync(`${file}.journal`)).toBe(false);
    const records = registrySchema.parse(JSON.parse(fs.readFileSync(file, 'utf8'))).subscriptions;
    expect(records.map((r) => r.status)).toEqual(['active', 'active', 'active']);
  });
});
