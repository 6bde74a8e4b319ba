import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { Context } from '../../src/context.js';
import type { Deps } from '../../src/deps.js';

/** A run time 5 minutes ahead of the real clock: a lock refreshed then is live by the real clock, not by the run's. */
const T = Date.now() + 5 * 60_000;
let home: string | undefined;

afterEach(() => {
  if (home) fs.rmSync(home, { recursive: true, force: true });
  home = undefined;
});

/** A run whose clock says `now` and whose retry sleep only records what it was asked. */
function context(now: number): { ctx: Context; sleeps: number[]; file: string } {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'tmh-lockclock-'));
  const sleeps: number[] = [];
  const sink = new PassThrough();
  const deps: Deps = {
    streams: { stdout: sink, stderr: sink, stdin: sink },
    env: { TAGMANGO_HOOKS_HOME: home },
    cwd: home,
    now: () => new Date(now),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.25,
  };
  const file = path.join(home, 'subscriptions.json');
  return { ctx: new Context(deps, { registry: file, color: false }), sleeps, file };
}

/** A lock held by a run on another host, last refreshed at `at`. */
function foreignLock(file: string, at: number): void {
  fs.writeFileSync(`${file}.lock`, JSON.stringify({ host: 'elsewhere', pid: 4242, start: 1, nonce: 'theirs', token: 'theirs', at }));
}

describe('the lock clock of a run', () => {
  it('judges a held lock by the run clock: one refreshed 31 s before the run time is taken over at once', { timeout: 5_000 }, async () => {
    const { ctx, file } = context(T + 31_000);
    foreignLock(file, T);
    await (await ctx.registry()).update((data) => data.subscriptions.length);
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
    expect((await ctx.registry()).timestamp()).toBe(new Date(T + 31_000).toISOString());
  });

  it('takes the run time and chance, but waits for a holder with real timers, never the retry sleep tests skip', async () => {
    const { ctx, sleeps } = context(T);
    const clock = await ctx.lockClock();
    expect(clock.now()).toBe(T);
    expect(clock.random()).toBe(0.25);
    const started = performance.now();
    await clock.sleep(20);
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
    expect(sleeps).toEqual([]);
  });

  it('gives the config store the same clock', { timeout: 5_000 }, async () => {
    const { ctx } = context(T + 31_000);
    const file = ctx.paths.config;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    foreignLock(file, T);
    await (await ctx.config()).update((config) => {
      config.profiles.default = { retries: 1 };
    });
    expect((await ctx.config()).profile('default').retries).toBe(1);
  });
});
