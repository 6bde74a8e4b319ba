import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DiskError, disk, diskError, writeWhole } from '../../src/files/durable.js';
import { withFileLock } from '../../src/files/lock.js';
import { systemProcesses } from '../../src/registry/process-identity.js';

afterEach(() => {
  vi.restoreAllMocks();
});

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected`), { code });
}

describe('diskError', () => {
  it.each([
    ['ENOSPC', 'DISK_FULL', /the disk is full/, /^Free some space on that disk, then/],
    ['EDQUOT', 'DISK_QUOTA', /quota is used up/, /^Free some space within your quota/],
    ['EIO', 'DISK_IO', /input\/output error/, /dmesg/],
    ['EROFS', 'DISK_READ_ONLY', /read-only/, /TAGMANGO_HOOKS_HOME/],
    ['SHORT_WRITE', 'DISK_SHORT_WRITE', /only part of the data/, /Free some space/],
  ])('%s is a %s error naming the problem and the fix (exit 1)', (code, expected, message, hint) => {
    const error = diskError(errno(code), '/home/u/.tagmango/subscriptions.json.journal', 'the registry journal');
    expect(error).toBeInstanceOf(DiskError);
    expect(error.code).toBe(expected);
    expect(error.exitCode).toBe(1);
    expect(error.message).toMatch(/^Cannot write the registry journal \/home\/u\/\.tagmango\/subscriptions\.json\.journal: /);
    expect(error.message).toMatch(message);
    expect(error.hint).toMatch(hint);
  });

  it('another failure (permissions) keeps the caller\'s code and the system\'s words', () => {
    const error = diskError(errno('EACCES'), '/x/registry.json', 'the registry', 'then run again', 'REGISTRY_UNWRITABLE');
    expect(error).not.toBeInstanceOf(DiskError);
    expect(error.code).toBe('REGISTRY_UNWRITABLE');
    expect(error.message).toBe('Cannot write the registry /x/registry.json: EACCES: injected.');
  });
});

describe('writeWhole', () => {
  it('loops on short writes until every byte is written', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tmh-durable-')), 'f');
    const real = disk.writeSync;
    vi.spyOn(disk, 'writeSync').mockImplementation((fd, bytes, offset, length, position) => real(fd, bytes, offset, Math.min(length, 3), position));
    const fd = fs.openSync(file, 'w');
    writeWhole(fd, Buffer.from('a line of eighteen'));
    fs.closeSync(fd);
    expect(fs.readFileSync(file, 'utf8')).toBe('a line of eighteen');
  });

  it('fails, typed, when a write makes no progress', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tmh-durable-')), 'f');
    vi.spyOn(disk, 'writeSync').mockReturnValue(0);
    const fd = fs.openSync(file, 'w');
    expect(() => writeWhole(fd, Buffer.from('x'))).toThrow(expect.objectContaining({ code: 'SHORT_WRITE' }));
    fs.closeSync(fd);
  });
});

describe('the lock on a full disk', () => {
  it('a lock that cannot be written is removed again and the failure names the disk', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmh-durable-'));
    const file = path.join(dir, 'subscriptions.json');
    vi.spyOn(disk, 'writeSync').mockImplementation(() => {
      throw errno('ENOSPC');
    });
    await expect(withFileLock(file, () => 'ran')).rejects.toMatchObject({ code: 'DISK_FULL', message: expect.stringMatching(/lock file .*the disk is full/) });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('an empty lock file older than a moment (its writer died, or the disk was full) is stale', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmh-durable-'));
    const file = path.join(dir, 'subscriptions.json');
    fs.writeFileSync(`${file}.lock`, '');
    const old = new Date(Date.now() - 3_000);
    fs.utimesSync(`${file}.lock`, old, old);
    const started = Date.now();
    expect(await withFileLock(file, () => 'ran', systemProcesses())).toBe('ran');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
