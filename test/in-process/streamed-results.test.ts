import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExitCode, FileError } from '../../src/errors.js';
import { RegistryStore } from '../../src/registry/store.js';
import { baseEnv } from '../helpers/cli.js';
import { courseIds, courseOf } from '../helpers/courses.js';
import { startFakeTagMango } from '../helpers/fake-tagmango.js';
import { runInProcess, startRun, type StartedRun } from '../helpers/in-process.js';
import { perTestHome } from '../helpers/per-test.js';

const KEY = 'tm_live_stream00000000000000KEY7';
const HOOK = 'https://hooks.example.com/stream';
const t = perTestHome();
afterEach(() => {
  vi.restoreAllMocks();
});

/** Resolve with stdout once it satisfies `test`; reject if the run ends first. */
function outputWhen(run: StartedRun, test: (stdout: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (!test(run.stdout.text)) return;
      run.stdout.watchers.delete(check);
      resolve(run.stdout.text);
    };
    run.stdout.watchers.add(check);
    void run.done.then(() => {
      if (run.stdout.watchers.delete(check)) reject(new Error(`the run ended before the output was seen:\n${run.stdout.text.slice(-2000)}`));
    });
    check();
  });
}

/** A fake TagMango that answers every registration at once except the last course's, held until `release`. */
async function holdingLast(ids: readonly string[]): Promise<() => void> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  t.fake = await startFakeTagMango({ apiKey: KEY, hold: (request) => (courseOf(request) === ids.at(-1) ? gate : Promise.resolve()) });
  return release;
}

describe('result rows stream as they settle', () => {
  it('prints every row before the last item has answered, in input order, and the summary at the end', { timeout: 60_000 }, async () => {
    const ids = courseIds(2000);
    const release = await holdingLast(ids);
    t.fake!.expect(2000);
    const run = startRun(['subscribe', HOOK, '--course', ids.join(','), '--concurrency', '16'], { env: baseEnv(t.home, { TAGMANGO_API_URL: t.fake!.url, TAGMANGO_API_KEY: KEY }) });

    const early = await outputWhen(run, (text) => text.includes(`course ${ids.at(-2)}`));
    const lines = early.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1999);
    expect(lines.map((line) => /course (\S+)/.exec(line)?.[1])).toEqual(ids.slice(0, -1));
    expect(early).not.toContain(ids.at(-1));
    release();

    const result = await run.done;
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith(early)).toBe(true);
    expect(result.stdout.split('\n').filter(Boolean).slice(-2)).toEqual([expect.stringContaining(`course ${ids.at(-1)}`), '2000 created']);
  });

  it('--json: the results are out before the run ends, and the whole output is one document with ok, warnings and error after them', { timeout: 60_000 }, async () => {
    const ids = courseIds(2000);
    const release = await holdingLast(ids);
    t.fake!.reply({ status: 400, body: { success: false, message: 'Invalid course' } });
    t.fake!.expect(1999);
    const run = startRun(['subscribe', HOOK, '--course', ids.join(','), '--concurrency', '16', '--json'], { env: baseEnv(t.home, { TAGMANGO_API_URL: t.fake!.url, TAGMANGO_API_KEY: KEY }) });

    const early = await outputWhen(run, (text) => text.includes(`"id": "${ids.at(-2)}"`));
    expect(early.startsWith('{\n  "results": [\n')).toBe(true);
    expect(early).not.toContain('"ok"');
    expect(early).not.toContain(`"id": "${ids.at(-1)}"`);
    release();

    const result = await run.done;
    expect(result.code).toBe(4);
    const doc = JSON.parse(result.stdout) as { ok: boolean; results: { status: string; scope: { id: string } }[]; warnings: unknown[]; error: { exitCode: number; message: string } };
    expect(Object.keys(doc)).toEqual(['results', 'ok', 'warnings', 'error']);
    expect(doc.results.map((r) => r.scope.id)).toEqual(ids);
    expect(doc.results.filter((r) => r.status === 'failed')).toHaveLength(1);
    expect(doc.results.filter((r) => r.status === 'created')).toHaveLength(1999);
    expect(doc).toMatchObject({ ok: false, warnings: [], error: { exitCode: 4, message: '1 of 2000 registrations did not succeed.' } });
    expect(result.stdout.endsWith('}\n')).toBe(true);
  });

  it('--json: a registry that fails before anything is claimed still ends the document it opened, with the error after the results', async () => {
    t.fake = await startFakeTagMango({ apiKey: KEY });
    vi.spyOn(RegistryStore.prototype, 'withLock').mockImplementation(function (this: RegistryStore) {
      return Promise.reject(new FileError('REGISTRY_LOCKED', 'The registry is locked by another run.', this.file));
    });
    const ids = courseIds(3);
    const result = await runInProcess(['subscribe', HOOK, '--course', [ids[0], ...ids].join(','), '--json'], { env: baseEnv(t.home, { TAGMANGO_API_URL: t.fake.url, TAGMANGO_API_KEY: KEY }) });

    const doc = JSON.parse(result.stdout) as { ok: boolean; results: { status: string }[]; error: { code: string } };
    expect(doc).toMatchObject({ ok: false, results: [], error: { code: 'REGISTRY_LOCKED' } });
    expect(Object.keys(doc)[0]).toBe('results');
    expect(result.code).toBe(ExitCode.failure);
    expect(t.fake.requests).toHaveLength(0);
  });
});
