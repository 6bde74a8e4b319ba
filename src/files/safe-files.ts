import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { FileError } from '../errors.js';
import type { Warning } from '../io/io.js';
import { disk, writeTextWhole } from './durable.js';

/** Refuse to read or write a file through a symbolic link (it could point anywhere). */
export function assertNotSymlink(file: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (stat.isSymbolicLink()) {
    throw new FileError('SYMLINK_REFUSED', `${file} is a symbolic link; refusing to use it.`, file, 'Replace the link by a regular file or point the tool at the real path.');
  }
}

/**
 * A file of ours as text, never through a symbolic link; undefined when it does not exist. Any
 * other failure to read it becomes the FileError `unreadable` makes from the error.
 */
export function readOwnFile(file: string, unreadable: (error: NodeJS.ErrnoException) => FileError): string | undefined {
  try {
    assertNotSymlink(file);
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof FileError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw unreadable(error as NodeJS.ErrnoException);
  }
}

/** Remove group/other permissions found on a private file or folder, with a warning. */
export function tightenMode(file: string, mode: number, warn: (warning: Warning) => void): void {
  if (process.platform === 'win32') return;
  let current: number;
  try {
    current = fs.statSync(file).mode & 0o777;
  } catch {
    return;
  }
  if ((current & 0o077) === 0) return;
  try {
    fs.chmodSync(file, mode);
    warn({
      code: 'PERMISSIONS_TIGHTENED',
      message: `${file} was readable by other users (mode ${current.toString(8)}); changed it to ${mode.toString(8)}.`,
      path: file,
    });
  } catch {
    warn({ code: 'PERMISSIONS_LOOSE', message: `${file} is readable by other users (mode ${current.toString(8)}); run: chmod ${mode.toString(8)} ${file}`, path: file });
  }
}

/** Flush the folder entry of a rename to disk, where the platform allows it. */
export function syncFolder(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Not supported here (Windows): the rename itself is still atomic.
  }
}

/**
 * Replace a file atomically: write a temporary file beside it, flush it, rename it over the file
 * and flush the folder, so a crash leaves the old or the new content, never a mix. Refuses a
 * symbolic link; every write is checked whole and synced (files/durable.ts); removes the
 * temporary file on failure and rethrows. `text` may come in chunks
 * (a large registry is never one string).
 */
export function writeFileAtomic(file: string, text: string | Iterable<string>, mode = 0o600): void {
  assertNotSymlink(file);
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  try {
    const fd = disk.openSync(tmp, 'w', mode);
    try {
      writeTextWhole(fd, text);
      disk.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    disk.renameSync(tmp, file);
    syncFolder(path.dirname(file));
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}
