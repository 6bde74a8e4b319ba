import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { FileError } from '../../src/errors.js';
import { parseJsonAs, readInputText } from '../../src/files/read-json.js';

const label = { noun: '--data file', code: 'DATA_UNREADABLE', hint: 'Give a readable file.' };
const invalid = (what: string, detail?: string): FileError => new FileError('BAD', `x ${what}${detail ? ` [${detail}]` : ''}`, 'x');

describe('readInputText', () => {
  it('reads relative to the given directory, and - from stdin', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'tmh-read-'));
    fs.writeFileSync(path.join(cwd, 'a.json'), 'from file');
    const stdin = new PassThrough();
    stdin.end('from stdin');
    expect(await readInputText('a.json', { cwd, stdin }, label)).toBe('from file');
    expect(await readInputText('-', { cwd, stdin }, label)).toBe('from stdin');
  });

  it('a missing file is bad input (exit 2) named by its option', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'tmh-read-'));
    const error = await readInputText('nope.json', { cwd, stdin: new PassThrough() }, label).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileError);
    expect(error).toMatchObject({ code: 'DATA_UNREADABLE', exitCode: 2, message: 'The --data file nope.json does not exist.', path: path.join(cwd, 'nope.json') });
  });
});

describe('parseJsonAs', () => {
  const schema = z.object({ n: z.number() });
  it('returns the validated value', () => {
    expect(parseJsonAs('{"n":1}', schema, invalid)).toEqual({ n: 1 });
  });
  it('says invalid JSON and passes the parser detail', () => {
    expect(() => parseJsonAs('{', schema, invalid)).toThrow(/^x is not valid JSON \[.+\]$/);
  });
  it('names the path of a schema mismatch', () => {
    expect(() => parseJsonAs('{"n":"1"}', schema, invalid)).toThrow(/^x does not match the expected layout \(n: .+\)/);
  });
});
