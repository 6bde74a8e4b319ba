import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openRecording, recordOf } from '../../src/listen/recording.js';

afterEach(() => vi.restoreAllMocks());

describe('listen --record appends whole lines', () => {
  it('a write that fails part-way (the disk fills) leaves the lines before it, not a torn one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmh-record-'));
    const recording = openRecording('deliveries.jsonl', dir);
    const record = recordOf(new Date(0), 'POST', '/hook?event=course.completed.100', { 'content-type': 'application/json' }, Buffer.from('{"a":1}'));
    recording.append(record);
    const whole = fs.readFileSync(recording.file, 'utf8');
    const write = fs.writeSync;
    let calls = 0;
    vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, buffer: Buffer, offset: number, length: number) => {
      calls += 1;
      if (calls > 1) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      return write(fd, buffer, offset, Math.floor(length / 2));
    }) as typeof fs.writeSync);
    expect(() => recording.append(record)).toThrow(/ENOSPC/);
    vi.restoreAllMocks();
    expect(fs.readFileSync(recording.file, 'utf8')).toBe(whole);
    recording.append(record);
    expect(fs.readFileSync(recording.file, 'utf8')).toBe(whole + whole);
    recording.close();
  });
});
