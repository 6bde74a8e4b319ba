import fs from 'node:fs';
import { disk, diskError, writeWhole } from '../files/durable.js';
import { assertNotSymlink } from '../files/safe-files.js';
import type { JournalEntry, RegistryView } from './journal.js';

/**
 * Appends to the registry's journal through one file descriptor kept open for the run: each
 * append is a write and an fdatasync, with no open, stat or close of its own. The caller holds
 * the registry lock; when it takes the lock again it calls `recheck` (another run may have
 * appended or torn a line meanwhile) and `follow` with the inode at the journal's path (a fold
 * deletes the journal, so a new one is opened).
 */
export class JournalAppender {
  private fd: number | undefined;
  private ino: number | undefined;
  /** The file's size as this run left it; undefined until checked under the current lock. */
  private size: number | undefined;

  constructor(readonly file: string) {}

  /** Another run may have written since this run last held the lock: check the size before the next append. */
  recheck(): void {
    this.size = undefined;
  }

  /** Keep the open journal only while it is the file at the journal's path (`ino`, undefined when there is none). */
  follow(ino: number | undefined): void {
    if (this.fd !== undefined && this.ino !== ino) this.close();
  }

  /**
   * Append entries as lines and sync them; resolves only once they are durable. `end` is where
   * the last complete line ends: a torn line after it is cut off first. Every byte is checked (a
   * short write, ENOSPC, EIO, a failing fsync are a DiskError), and a failed append is cut off
   * again, so a change the caller was told failed never reads back as made. Returns the new end
   * and the journal's inode.
   */
  async append(end: number, entries: readonly JournalEntry[]): Promise<Pick<RegistryView, 'journalEnd' | 'journalIno'> | undefined> {
    if (entries.length === 0) return undefined;
    const bytes = Buffer.from(entries.map((entry) => JSON.stringify(entry)).join('\n') + '\n');
    try {
      const fd = this.open();
      this.size ??= fs.fstatSync(fd).size;
      if (this.size !== end) disk.ftruncateSync(fd, end);
      this.size = undefined;
      try {
        writeWhole(fd, bytes);
        // Waited for off the main thread: responses keep arriving meanwhile and join the next append.
        await disk.fdatasync(fd);
      } catch (error) {
        cutBack(fd, end);
        throw error;
      }
      this.size = end + bytes.length;
      return { journalEnd: this.size, journalIno: this.ino };
    } catch (error) {
      this.close();
      throw diskError(error, this.file, 'the registry journal', 'then run the same command again: what is recorded is skipped', 'REGISTRY_UNWRITABLE');
    }
  }

  /** Close the journal (a fold is about to delete it, or the run ends). */
  close(): void {
    const fd = this.fd;
    this.fd = undefined;
    this.ino = undefined;
    this.size = undefined;
    if (fd !== undefined) fs.closeSync(fd);
  }

  private open(): number {
    if (this.fd !== undefined) return this.fd;
    assertNotSymlink(this.file);
    const fd = disk.openSync(this.file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_APPEND, 0o600);
    this.fd = fd;
    this.ino = fs.fstatSync(fd).ino;
    return fd;
  }
}

/** Best effort after a failed append: drop its part-written lines (readers ignore a torn last line anyway). */
function cutBack(fd: number, end: number): void {
  try {
    disk.ftruncateSync(fd, end);
  } catch {
    // The disk refuses even this: a later append cuts the torn tail off before writing.
  }
}
