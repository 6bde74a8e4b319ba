import fs from 'node:fs';
import { z } from 'zod';
import { ExitCode, FileError } from '../errors.js';
import { disk, diskError, writeWhole } from '../files/durable.js';
import { assertNotSymlink } from '../files/safe-files.js';
import { recordSchema, upgradeRecord, type RegistryData, type RegistryRecord } from './schema.js';

/**
 * The journal beside the registry: one JSON line per change (`put` a whole record, or `drop` one
 * by id), appended under the registry lock and fsync'd, so a bulk run records each step without
 * rewriting the whole file. Readers apply it on top of the file; it is folded into the file at
 * the end of a run and before any whole-file update. Applying it twice gives the same records,
 * so a crash between writing the folded file and deleting the journal loses nothing.
 */
const entrySchema = z.union([z.object({ put: recordSchema }).strict(), z.object({ drop: z.string().min(1) }).strict()]);

/** One change in the journal. */
export type JournalEntry = { put: RegistryRecord } | { drop: string };

/** Identity and version of a file as stat sees it; undefined when it does not exist. */
export interface FileStamp {
  ino: number;
  size: number;
  mtimeMs: number;
}

/** The registry as one process last read it, and how far it read the journal. */
export interface RegistryView {
  data: RegistryData;
  main: FileStamp | undefined;
  journalIno: number | undefined;
  journalEnd: number;
  /** Changes when records were reloaded or changed by another run (indexes of the records are stale). */
  generation: number;
}

/** The stamp of a file, or undefined when it is missing. */
export function fileStamp(file: string): FileStamp | undefined {
  try {
    const { ino, size, mtimeMs } = fs.statSync(file);
    return { ino, size, mtimeMs };
  } catch {
    return undefined;
  }
}

/** Whether two stamps are the same version of the same file (or both missing). */
export function sameStamp(a: FileStamp | undefined, b: FileStamp | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs);
}

/** What was read from a journal: its entries and the byte offset after the last complete line. */
export interface JournalTail {
  entries: JournalEntry[];
  /** Offset after the last complete line; a torn line after it (a crash mid-append) is ignored. */
  end: number;
}

/** Read complete lines from `offset` on; a missing journal reads as empty. */
export function readJournal(file: string, offset = 0): JournalTail {
  let buffer: Buffer;
  try {
    assertNotSymlink(file);
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      buffer = Buffer.alloc(Math.max(0, size - offset));
      let read = 0;
      while (read < buffer.length) {
        const n = fs.readSync(fd, buffer, read, buffer.length - read, offset + read);
        if (n === 0) break;
        read += n;
      }
      buffer = buffer.subarray(0, read);
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], end: 0 };
    if (error instanceof FileError) throw error;
    throw new FileError('REGISTRY_UNREADABLE', `Cannot read the registry journal ${file}: ${(error as Error).message}.`, file, 'Check its permissions.');
  }
  const complete = buffer.lastIndexOf(0x0a) + 1;
  const entries: JournalEntry[] = [];
  let lineNo = 0;
  for (const line of buffer.subarray(0, complete).toString('utf8').split('\n')) {
    lineNo += 1;
    if (line === '') continue;
    let parsed: ReturnType<typeof entrySchema.safeParse>;
    try {
      const raw = JSON.parse(line) as { put?: unknown };
      parsed = entrySchema.safeParse(raw && typeof raw === 'object' && 'put' in raw ? { ...raw, put: upgradeRecord(raw.put) } : raw);
    } catch {
      throw invalidJournal(file, `line ${lineNo} is not valid JSON`, lineNo);
    }
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw invalidJournal(file, `line ${lineNo} is not a registry change (${issue?.path.map(String).join('.') || 'top level'}: ${issue?.message})`, lineNo);
    }
    entries.push(parsed.data as JournalEntry);
  }
  return { entries, end: offset + complete };
}

/** Apply entries in order: `put` replaces the record with its id (or adds it), `drop` removes it. */
export function applyJournal(data: RegistryData, entries: readonly JournalEntry[]): void {
  if (entries.length === 0) return;
  const byId = new Map(data.subscriptions.map((record, index) => [record.id, index]));
  let dropped = false;
  for (const entry of entries) {
    if ('put' in entry) {
      const index = byId.get(entry.put.id);
      if (index === undefined) byId.set(entry.put.id, data.subscriptions.push(entry.put) - 1);
      else data.subscriptions[index] = entry.put;
    } else {
      const index = byId.get(entry.drop);
      if (index === undefined) continue;
      data.subscriptions[index] = undefined as unknown as RegistryRecord;
      byId.delete(entry.drop);
      dropped = true;
    }
  }
  if (dropped) data.subscriptions = data.subscriptions.filter((record) => record !== undefined);
}

function invalidJournal(file: string, what: string, lineNo: number): FileError {
  // Setting the whole journal aside would lose the claims and outcomes of its other lines (a later run would send them again).
  const hint = `It was left untouched: repair or delete line ${lineNo} by hand and keep the other lines (they hold registrations the registry file does not have yet), then run again.`;
  return new FileError('REGISTRY_INVALID', `The registry journal ${file} is damaged: ${what}.`, file, hint, ExitCode.usage);
}
