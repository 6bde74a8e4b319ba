import fs from 'node:fs';
import { FileError } from '../errors.js';

/** How long a lock may be held before another process may take it over. */
const STALE_MS = 30_000;
const WAIT_MS = 20_000;
const BREAK_STALE_MS = 5_000;

/** Whether a process with this pid is still running. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Hold an exclusive cross-process lock (`<file>.lock`, created with O_EXCL) while `work` runs.
 * A lock left by a dead process, or older than 30 s, is taken over.
 */
export async function withFileLock<T>(file: string, work: () => Promise<T> | T): Promise<T> {
  const lockFile = `${file}.lock`;
  const deadline = Date.now() + WAIT_MS;
  let delay = 2;
  for (;;) {
    try {
      const fd = fs.openSync(lockFile, 'wx', 0o600);
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, at: Date.now() }));
      fs.closeSync(fd);
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') {
        throw new FileError('REGISTRY_LOCK_FAILED', `Cannot create the lock file ${lockFile}: ${(error as Error).message}.`, lockFile, 'Check that the folder exists and is writable.');
      }
      if (isStale(lockFile) && breakStaleLock(lockFile)) continue;
      if (Date.now() > deadline) {
        throw new FileError('REGISTRY_LOCKED', `The registry is locked by another run (${lockFile}).`, lockFile, 'Wait for it to finish; if none is running, delete the lock file.');
      }
      await new Promise((resolve) => setTimeout(resolve, delay + Math.random() * delay));
      delay = Math.min(delay * 2, 50);
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}

/**
 * Remove a stale lock while holding `<lock>.break`, re-checking under it, so two processes that
 * both saw the stale lock cannot remove each other's fresh one. False when another is breaking it.
 */
function breakStaleLock(lockFile: string): boolean {
  const breaker = `${lockFile}.break`;
  try {
    fs.closeSync(fs.openSync(breaker, 'wx', 0o600));
  } catch {
    try {
      if (Date.now() - fs.statSync(breaker).mtimeMs > BREAK_STALE_MS) fs.rmSync(breaker, { force: true });
    } catch {
      // Gone already.
    }
    return false;
  }
  try {
    if (isStale(lockFile)) fs.rmSync(lockFile, { force: true });
    return true;
  } finally {
    fs.rmSync(breaker, { force: true });
  }
}

function isStale(lockFile: string): boolean {
  try {
    const held = JSON.parse(fs.readFileSync(lockFile, 'utf8')) as { pid?: number; at?: number };
    if (typeof held.pid === 'number' && !processAlive(held.pid)) return true;
    return typeof held.at === 'number' && Date.now() - held.at > STALE_MS;
  } catch {
    // Being written right now, or garbage: judge by age.
    try {
      return Date.now() - fs.statSync(lockFile).mtimeMs > STALE_MS;
    } catch {
      return false;
    }
  }
}
