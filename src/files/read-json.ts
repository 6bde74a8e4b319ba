import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { ExitCode, FileError } from '../errors.js';
import { readAll } from '../io/read-input.js';

/** Where a command reads a file the user named: its working directory and stdin (for `-`). */
export interface InputPorts {
  cwd: string;
  stdin: NodeJS.ReadableStream;
}

/** What to say about an input that cannot be read: how to name it (`--data file`), the error code and the hint. */
export interface InputLabel {
  /** The words before the path in `The <noun> <path> does not exist.` */
  noun: string;
  code: string;
  hint: string;
}

/** The text of a file named on the command line (relative to `cwd`), or stdin for `-`; an unreadable one is bad input (exit 2). */
export async function readInputText(source: string, ports: InputPorts, label: InputLabel): Promise<string> {
  if (source === '-') return readAll(ports.stdin);
  const file = path.resolve(ports.cwd, source);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${(error as Error).message})`;
    throw new FileError(label.code, `The ${label.noun} ${source} ${why}.`, file, label.hint, ExitCode.usage);
  }
}

/**
 * Parse JSON text and validate it with `schema`; either failure becomes the FileError `invalid`
 * makes from what is wrong (`is not valid JSON`, `does not match ...`) and the parser's detail.
 */
export function parseJsonAs<S extends z.ZodType>(text: string, schema: S, invalid: (what: string, detail?: string) => FileError): z.output<S> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw invalid('is not valid JSON', (error as Error).message);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(`does not match the expected layout (${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'invalid'})`, issue?.message);
  }
  return parsed.data;
}
