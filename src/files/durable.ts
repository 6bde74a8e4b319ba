import fs from 'node:fs';
import { FileError } from '../errors.js';

/**
 * The system calls every durable write goes through: one object, so a test can make any of them
 * fail (a short write, ENOSPC, EIO, a failing fsync) and watch what the run does about it.
 */
export const disk = {
  openSync: (file: string, flags: number | string, mode?: number): number => fs.openSync(file, flags, mode),
  writeSync: (fd: number, bytes: Uint8Array, offset: number, length: number, position: number | null): number => fs.writeSync(fd, bytes, offset, length, position),
  fsyncSync: (fd: number): void => fs.fsyncSync(fd),
  fdatasync: (fd: number): Promise<void> => new Promise((resolve, reject) => fs.fdatasync(fd, (error) => (error ? reject(error) : resolve()))),
  ftruncateSync: (fd: number, length: number): void => fs.ftruncateSync(fd, length),
  renameSync: (from: string, to: string): void => fs.renameSync(from, to),
};

/** What a failed write means, by its errno: a sentence for people and what to do about it. */
const DISK_FAULTS: Readonly<Record<string, { code: string; what: string; fix: string }>> = {
  ENOSPC: { code: 'DISK_FULL', what: 'the disk is full', fix: 'Free some space on that disk' },
  EDQUOT: { code: 'DISK_QUOTA', what: 'the disk quota is used up', fix: 'Free some space within your quota' },
  EIO: { code: 'DISK_IO', what: 'the disk reported an input/output error', fix: 'Check the disk (dmesg names the device)' },
  EROFS: { code: 'DISK_READ_ONLY', what: 'the file system is read-only', fix: 'Remount it writable or point TAGMANGO_HOOKS_HOME (or --registry) at a writable folder' },
  EFBIG: { code: 'DISK_FILE_TOO_LARGE', what: 'the file grew past the size the system allows', fix: 'Raise the limit (ulimit -f) or use another disk' },
  SHORT_WRITE: { code: 'DISK_SHORT_WRITE', what: 'the system wrote only part of the data (the disk is likely full)', fix: 'Free some space on that disk' },
};

/** A write to disk that failed: its code says why (DISK_FULL, DISK_IO...), exit 1. */
export class DiskError extends FileError {
  /** The errno behind it (ENOSPC, EIO...), or SHORT_WRITE. */
  readonly errno: string;
  constructor(errno: string, message: string, file: string, hint: string) {
    super(DISK_FAULTS[errno]?.code ?? 'DISK_FAILED', message, file, hint);
    this.errno = errno;
  }
}

/**
 * Turn any failure of a write to `file` into a typed error: a DiskError naming the disk problem
 * and its fix, or (permissions, a folder in the way) a FileError of `otherCode`. `what` names the
 * file for people ("the registry journal"); `then` says what to do once it is fixed.
 */
export function diskError(error: unknown, file: string, what: string, then = 'then run the same command again', otherCode = 'WRITE_FAILED'): FileError {
  if (error instanceof FileError) return error;
  const errno = (error as NodeJS.ErrnoException)?.code ?? 'UNKNOWN';
  const fault = DISK_FAULTS[errno];
  if (!fault) {
    return new FileError(otherCode, `Cannot write ${what} ${file}: ${(error as Error)?.message ?? String(error)}.`, file, `Check that the path is a writable file in a writable folder, ${then}.`);
  }
  return new DiskError(errno, `Cannot write ${what} ${file}: ${fault.what}.`, file, `${fault.fix}, ${then}.`);
}

/** The error of a write that put fewer bytes than asked and then nothing more. */
function shortWrite(): NodeJS.ErrnoException {
  return Object.assign(new Error('short write'), { code: 'SHORT_WRITE' });
}

/**
 * Write all of `bytes` at `position` (null: at the file's offset, as O_APPEND does), looping on
 * short writes: a write that makes no progress is a failure, never silently dropped.
 */
export function writeWhole(fd: number, bytes: Uint8Array, position: number | null = null): void {
  let done = 0;
  while (done < bytes.length) {
    const n = disk.writeSync(fd, bytes, done, bytes.length - done, position === null ? null : position + done);
    if (!(n > 0)) throw shortWrite();
    done += n;
  }
}

/** Write text (or its chunks) whole to an open file, from its current offset. */
export function writeTextWhole(fd: number, text: string | Iterable<string>): void {
  if (typeof text === 'string') writeWhole(fd, Buffer.from(text));
  else for (const chunk of text) writeWhole(fd, Buffer.from(chunk));
}
