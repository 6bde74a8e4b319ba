import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileError } from '../../src/errors.js';
import { RegistryStore } from '../../src/registry/store.js';
import { record, writeRegistry } from '../helpers/registry.js';

const API = 'https://api.example.com';
let home: string;
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'tmh-ids-'));
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

describe('a registry whose records share an id (a hand merge)', () => {
  it('is refused with the second record and its id named, and left untouched', async () => {
    const file = writeRegistry(home, [record(API, 1, { status: 'unknown' }), record(API, 2), record(API, 1)]);
    const before = fs.readFileSync(file, 'utf8');
    const store = new RegistryStore(file);
    expect(() => store.read()).toThrow(FileError);
    expect(() => store.read()).toThrow(/record 3 \(wh_00000001\), field id is used by record 1 too/);
    await expect(store.update(() => undefined)).rejects.toThrow(/field id is used by record 1 too/);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });
});
