import { afterEach, describe, expect, it, vi } from 'vitest';
import { FileError } from '../../src/errors.js';
import { claimAhead } from '../../src/registrations/claims.js';
import { RegistryStore } from '../../src/registry/store.js';
import { waitFor } from '../helpers/cli.js';
import { everyRegistration } from '../helpers/fake-tagmango.js';
import { perTestHeldFakeAndHome } from '../helpers/per-test.js';
import { runInProcess } from '../helpers/in-process.js';

const KEY = 'tm_bulk_fatal_key_0123456789abcdef';
const IDS = Array.from({ length: 6 }, (_, i) => `634fc35ddaf58580e2418c4${i}`);

// How many go out depends on timing (claims made ahead): every registration is expected.
const t = perTestHeldFakeAndHome({ apiKey: KEY, route: everyRegistration });
afterEach(() => {
  vi.restoreAllMocks();
});

describe('a fatal registry error in the middle of a bulk run', () => {
  it('starts nothing new, lets requests in flight settle and reports every row', async () => {
    let broken = false;
    // Every change of a bulk run is a transaction under the lock its group commit takes (withLock).
    const original = RegistryStore.prototype.withLock;
    vi.spyOn(RegistryStore.prototype, 'withLock').mockImplementation(function (this: RegistryStore, work) {
      const failing = (): Promise<never> => Promise.reject(new FileError('REGISTRY_LOCKED', 'The registry is locked by another run.', this.file));
      if (broken) return failing();
      return original.call(this, (transact) => work((change) => (broken ? failing() : transact(change)))) as never;
    });
    const run = runInProcess(['subscribe', 'https://hooks.example.com/tm', '--course', IDS.join(','), '--concurrency', '3', '--json'], {
      env: { TAGMANGO_HOOKS_HOME: t.home, TAGMANGO_API_KEY: KEY, TAGMANGO_API_URL: t.fake.url },
    });
    await waitFor(() => t.fake.requests.length === 3, 10_000, 'three requests in flight');
    broken = true;
    t.release();
    const result = await run;

    // Items claimed ahead (durably, before the registry broke) may still go out; nothing else does.
    const sent = t.fake.requests.length;
    expect(sent).toBeGreaterThanOrEqual(3);
    expect(sent).toBeLessThanOrEqual(3 + claimAhead(3));
    const document = JSON.parse(result.stdout);
    expect(document.ok).toBe(false);
    expect(document.results).toHaveLength(6);
    // Sent, but their outcome never reached the registry: unknown (their claims read so next run), never created.
    const unrecorded = document.results.filter((r: { error?: { code: string } }) => r.error?.code === 'OUTCOME_NOT_RECORDED');
    expect(unrecorded).toHaveLength(sent);
    for (const row of unrecorded) {
      expect(row.status).toBe('unknown');
      expect(row.error.message).toMatch(/^TagMango answered created, but the registry could not record it/);
    }
    const notSent = document.results.filter((r: { status: string; reason?: string }) => r.status === 'cancelled' && r.reason?.startsWith('Not sent: The registry is locked'));
    expect(notSent).toHaveLength(6 - sent);
    expect(result.code).toBe(1);
    expect(document.error.message).toMatch(/outcomes? could not be recorded, so the run stopped: The registry is locked/);
  });
});
