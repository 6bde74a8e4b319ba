import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { FileError, UsageError } from '../errors.js';
import { assertNotSymlink } from '../files/safe-files.js';

/** One delivery as `listen --record` keeps it, one JSON line each, and as `replay` reads it back. */
export const recordedDeliverySchema = z.strictObject({
  time: z.iso.datetime(),
  method: z.string().min(1),
  path: z.string().startsWith('/'),
  /** The query string without `?`; a `token` value is written as `{secret}`. */
  query: z.string(),
  headers: z.record(z.string(), z.string()),
  /** The body, when it is valid UTF-8 (as JSON bodies are). */
  body: z.string().optional(),
  /** The body's bytes, when they are not valid UTF-8. */
  bodyBase64: z.base64().optional(),
}).refine((d) => (d.body === undefined) !== (d.bodyBase64 === undefined), 'a delivery has exactly one of body and bodyBase64');

export type RecordedDelivery = z.infer<typeof recordedDeliverySchema>;

/** What a request looked like, for the record: the token's value is replaced by `{secret}`, never kept. */
export function recordOf(time: Date, method: string, url: string, headers: Record<string, string | string[] | undefined>, bytes: Buffer): RecordedDelivery {
  const parsed = new URL(url, 'http://receiver.invalid');
  if (parsed.searchParams.has('token')) parsed.searchParams.set('token', '{secret}');
  const text = bytes.toString('utf8');
  const exact = Buffer.from(text, 'utf8').equals(bytes);
  return {
    time: time.toISOString(),
    method,
    path: parsed.pathname,
    query: parsed.search.slice(1),
    headers: Object.fromEntries(Object.entries(headers).flatMap(([name, value]) => (value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]]))),
    ...(exact ? { body: text } : { bodyBase64: bytes.toString('base64') }),
  };
}

/** The body bytes a record holds. */
export function bodyOf(record: RecordedDelivery): Buffer {
  return record.body !== undefined ? Buffer.from(record.body, 'utf8') : Buffer.from(record.bodyBase64 ?? '', 'base64');
}

/** A file that deliveries are appended to, one JSON line each, every line written whole. */
export interface Recording {
  file: string;
  append: (record: RecordedDelivery) => void;
  close: () => void;
}

/** Open (or create, mode 0600) the file for appending; a path that cannot be written is bad input (exit 2). */
export function openRecording(name: string, cwd: string): Recording {
  const file = path.resolve(cwd, name);
  let fd: number;
  try {
    assertNotSymlink(file);
    fd = fs.openSync(file, 'a', 0o600);
  } catch (error) {
    if (error instanceof FileError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    throw new UsageError(`--record ${name} cannot be opened for writing (${code}).`, 'Give a writable file in a folder that exists, such as --record deliveries.jsonl.', 'RECORD_UNWRITABLE');
  }
  return {
    file,
    append(record) {
      const line = Buffer.from(JSON.stringify(record) + '\n', 'utf8');
      const before = fs.fstatSync(fd).size;
      try {
        for (let written = 0; written < line.length; ) written += fs.writeSync(fd, line, written, line.length - written);
        fs.fsyncSync(fd);
      } catch (error) {
        // A line cut short (a full disk) would make the whole file unreadable to replay: take it back.
        try {
          fs.ftruncateSync(fd, before);
        } catch {
          // The write's own error says what went wrong.
        }
        throw error;
      }
    },
    close: () => fs.closeSync(fd),
  };
}
