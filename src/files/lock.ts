import crypto from 'node:crypto';
import fs from 'node:fs';
import { FileError } from '../errors.js';
import { disk, diskError, writeWhole } from './durable.js';
import { HEARTBEAT_STALE_MS, pidRunning, systemProcesses, type ProcessProbe, type RunIdentity } from '../registry/process-identity.js';

/** How often a holder refreshes its lock, so a long run is never mistaken for a dead one. */
const REFRESH_MS = 10_000;
/** A lock from another host (or unreadable) is stale after this long without a refresh. */
const STALE_MS = 30_000;
const WAIT_MS = 20_000;
/** An empty lock file older than this is stale: its holder writes its name into it at once. */
const EMPTY_STALE_MS = 2_000;
const BREAK_STALE_MS = 5_000;
/** A refresh time this far ahead of our clock cannot be a live holder's skew. */
const FUTURE_STALE_MS = 10 * 60_000;

/** What a lock file holds: its holder and a token only that holder knows. */
interface LockContent extends Partial<RunIdentity> {
  token?: string;
  at?: number;
}

let defaultProbe: ProcessProbe | undefined;

/** The lock's sense of time and chance: the real clock and timers, or a test's fakes. */
export interface LockClock {
  /** Milliseconds since the epoch; compared with lock files' mtimes. */
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
  /** Call `tick` every `ms` until the returned function is called (never keeps the process alive). */
  every(ms: number, tick: () => void): () => void;
}

/** The real clock, timers and Math.random. */
export const systemLockClock: LockClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
  every: (ms, tick) => {
    const timer = setInterval(tick, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};

/**
 * Hold an exclusive cross-process lock (`<file>.lock`, created with O_EXCL) while `work` runs.
 * The file names its holder (host, pid, start time, run nonce) and a random token. A lock whose
 * holder on this host is gone is taken over at once; one from another host after 30 s without a
 * refresh. The holder refreshes it every 10 s, and removes it on release only while the token is
 * still its own. Written here rather than taken from proper-lockfile because that library judges
 * staleness by age alone (a killed run blocks every other for its whole stale period) and its
 * release removes the lock without checking that it still owns it.
 */
export async function withFileLock<T>(
  file: string,
  work: () => Promise<T> | T,
  probe: ProcessProbe = (defaultProbe ??= systemProcesses()),
  clock: LockClock = systemLockClock,
): Promise<T> {
  const lockFile = `${file}.lock`;
  const token = crypto.randomBytes(12).toString('hex');
  const content = (): string => JSON.stringify({ ...probe.self, token, at: clock.now() } satisfies LockContent);
  const deadline = clock.now() + WAIT_MS;
  let delay = 2;
  for (;;) {
    try {
      createLock(lockFile, content());
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw diskError(error, lockFile, 'the lock file', 'then run again', 'LOCK_FAILED');
      const stale = (): boolean => isStale(lockFile, probe, clock.now());
      if (stale() && underBreaker(lockFile, clock.now(), () => removeIf(lockFile, stale())) !== undefined) continue;
      if (clock.now() > deadline) {
        throw new FileError('FILE_LOCKED', `${file} is locked by another run (${lockFile}).`, lockFile, 'Wait for it to finish; if none is running, delete the lock file.');
      }
      await clock.sleep(delay + clock.random() * delay);
      delay = Math.min(delay * 2, 50);
    }
  }
  const stopRefresh = clock.every(REFRESH_MS, () => {
    if (ownLock(lockFile, token)) refreshLock(lockFile, content());
  });
  try {
    return await work();
  } finally {
    stopRefresh();
    await releaseLock(lockFile, token, clock);
  }
}

/**
 * Create the lock file (O_EXCL) with its content written whole and synced. A lock that cannot be
 * written (a full disk) is removed again: an empty one would block other runs.
 */
function createLock(lockFile: string, text: string): void {
  const fd = disk.openSync(lockFile, 'wx', 0o600);
  try {
    writeWhole(fd, Buffer.from(text));
    disk.fsyncSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(lockFile, { force: true });
    throw error;
  }
  fs.closeSync(fd);
}

/**
 * Rewrite the lock's content in place (its blocks are already allocated, so a full disk does not
 * empty it, as truncating and writing would). A refresh that fails is skipped: the next one retries.
 */
function refreshLock(lockFile: string, text: string): void {
  try {
    const fd = fs.openSync(lockFile, 'r+');
    try {
      const bytes = Buffer.from(text);
      writeWhole(fd, bytes, 0);
      disk.ftruncateSync(fd, bytes.length);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // A refresh missed is 10 s of age; a lock is stale only after 30 s.
  }
}

/** Remove the lock only while its token is ours: a run that took it over as stale keeps it. */
async function releaseLock(lockFile: string, token: string, clock: LockClock): Promise<void> {
  // Long enough to outlast a breaker a killed run left behind (it is broken once stale), else our lock would stay.
  const deadline = clock.now() + BREAK_STALE_MS + 1_000;
  let delay = 2;
  while (underBreaker(lockFile, clock.now(), () => removeIf(lockFile, ownLock(lockFile, token))) === undefined && clock.now() < deadline) {
    await clock.sleep(delay);
    delay = Math.min(delay * 2, 50);
  }
}

/** Remove the lock file when `condition` holds; says whether it did. */
function removeIf(lockFile: string, condition: boolean): boolean {
  if (condition) fs.rmSync(lockFile, { force: true });
  return condition;
}

function ownLock(lockFile: string, token: string): boolean {
  return readLock(lockFile)?.token === token;
}

/**
 * Run `step` while holding `<lock>.break`, so a stale-lock breaker and a releasing holder never
 * remove each other's fresh lock. Undefined when another process holds the breaker.
 */
function underBreaker<T>(lockFile: string, now: number, step: () => T): T | undefined {
  const breaker = `${lockFile}.break`;
  try {
    fs.closeSync(fs.openSync(breaker, 'wx', 0o600));
  } catch {
    try {
      if (now - fs.statSync(breaker).mtimeMs > BREAK_STALE_MS) fs.rmSync(breaker, { force: true });
    } catch {
      // Gone already.
    }
    return undefined;
  }
  try {
    return step();
  } finally {
    fs.rmSync(breaker, { force: true });
  }
}

function readLock(lockFile: string): LockContent | undefined {
  try {
    const held = JSON.parse(fs.readFileSync(lockFile, 'utf8')) as unknown;
    return held && typeof held === 'object' ? (held as LockContent) : undefined;
  } catch {
    return undefined;
  }
}

function isStale(lockFile: string, probe: ProcessProbe, now: number): boolean {
  const held = readLock(lockFile);
  if (held && typeof held.pid === 'number') {
    if (typeof held.host === 'string' && typeof held.nonce === 'string') {
      const running = probe.isRunning(held as RunIdentity);
      if (running !== undefined) return !running;
    } else if (!pidRunning(held.pid)) {
      return true; // A lock written by 0.1.0: pid and time only.
    }
    // Far in the future (a broken clock, a hand edit) is stale too; a few minutes ahead is a live holder's skew, not taken over.
    if (typeof held.at === 'number') {
      const age = now - held.at;
      return age > Math.min(STALE_MS, HEARTBEAT_STALE_MS) || age < -FUTURE_STALE_MS;
    }
  }
  // Being written right now, or garbage: judge by age. An empty one is written within a moment,
  // or never (its writer died or the disk was full before a byte went in).
  try {
    const { size, mtimeMs } = fs.statSync(lockFile);
    return now - mtimeMs > (size === 0 ? EMPTY_STALE_MS : STALE_MS);
  } catch {
    return false;
  }
}
