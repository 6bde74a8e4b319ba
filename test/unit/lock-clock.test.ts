import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileError } from '../../src/errors.js';
import { withFileLock, type LockClock } from '../../src/files/lock.js';
import type { ProcessProbe, RunIdentity } from '../../src/registry/process-identity.js';

/** A clock that starts at `start` and moves only when the lock sleeps. */
function fakeClock(start: number): LockClock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    random: () => 0,
    every: () => () => undefined,
  };
}

/** A probe whose own identity is `self` and which cannot tell whether another host's run lives. */
const probe: ProcessProbe = {
  self: { host: 'here', pid: 1, nonce: 'mine' },
  isRunning: (owner: RunIdentity) => (owner.host === 'here' ? true : undefined),
  end: () => undefined,
};

function lockedFile(holder: object): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmh-lock-clock-'));
  const file = path.join(dir, 'subscriptions.json');
  fs.writeFileSync(`${file}.lock`, JSON.stringify(holder));
  return file;
}

describe('withFileLock on an injected clock', () => {
  it('gives up on a fresh lock held by a live run once its clock passes the wait limit, without waiting in real time', async () => {
    const clock = fakeClock(Date.now());
    const file = lockedFile({ host: 'here', pid: 2, nonce: 'theirs', token: 't', at: clock.now() });
    const error = await withFileLock(file, () => 'ran', probe, clock).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileError);
    expect(error).toMatchObject({ code: 'FILE_LOCKED' });
    expect(clock.slept.reduce((a, b) => a + b, 0)).toBeGreaterThan(20_000);
  });

  it('judges another host\'s lock stale by the injected clock: taken over once its heartbeat is 30 s old by that clock', async () => {
    const written = Date.now();
    const file = lockedFile({ host: 'elsewhere', pid: 2, nonce: 'theirs', token: 't', at: written });
    expect(await withFileLock(file, () => 'ran', probe, fakeClock(written + 31_000))).toBe('ran');
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
  });

  it('writes the injected time into the lock it holds', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmh-lock-clock-'));
    const file = path.join(dir, 'subscriptions.json');
    const seen = await withFileLock(file, () => JSON.parse(fs.readFileSync(`${file}.lock`, 'utf8')) as { at: number; host: string }, probe, fakeClock(1234));
    expect(seen).toMatchObject({ at: 1234, host: 'here' });
  });
});
