import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { withFileLock } from '../../src/files/lock.js';

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('withFileLock', () => {
  it('takes over a lock left by a dead process and removes its own lock afterwards', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmh-lock-'));
    const file = path.join(dir, 'subscriptions.json');
    fs.writeFileSync(`${file}.lock`, JSON.stringify({ pid: deadPid(), at: Date.now() }));
    const result = await withFileLock(file, () => 'ran');
    expect(result).toBe('ran');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('runs the work of concurrent holders one at a time', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmh-lock-'));
    const file = path.join(dir, 'subscriptions.json');
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 10 }, () =>
        withFileLock(file, async () => {
          inside += 1;
          most = Math.max(most, inside);
          await new Promise((resolve) => setImmediate(resolve));
          inside -= 1;
        }),
      ),
    );
    expect(most).toBe(1);
  });

  it('waits for a lock held by a live process', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmh-lock-'));
    const file = path.join(dir, 'subscriptions.json');
    fs.writeFileSync(`${file}.lock`, JSON.stringify({ pid: process.pid, at: Date.now() }));
    let ran = false;
    const waiting = withFileLock(file, () => {
      ran = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(ran).toBe(false);
    fs.rmSync(`${file}.lock`);
    await waiting;
    expect(ran).toBe(true);
  });

  it('leaves a lock that another run took over in place when it releases', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmh-lock-'));
    const file = path.join(dir, 'config.json');
    const theirs = JSON.stringify({ host: os.hostname(), pid: process.pid, nonce: 'other', token: 'theirs', at: Date.now() });
    await withFileLock(file, () => {
      // Another run judged this lock stale and replaced it with its own.
      fs.writeFileSync(`${file}.lock`, theirs);
    });
    expect(fs.readFileSync(`${file}.lock`, 'utf8')).toBe(theirs);
  });

  it('takes over at once a lock whose holder on this host is another process now (a reused pid)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmh-lock-'));
    const file = path.join(dir, 'config.json');
    // Pid 1 always runs, but not with this start time: its holder is gone.
    fs.writeFileSync(`${file}.lock`, JSON.stringify({ host: os.hostname(), pid: 1, start: '1', nonce: 'gone', token: 'old', at: Date.now() }));
    expect(await withFileLock(file, () => 'ran')).toBe('ran');
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
  });

  it('takes over a lock from another host whose refresh time is far in the future (a skewed clock), as one long without a refresh', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmh-lock-'));
    const file = path.join(dir, 'config.json');
    const at = Date.now() + 10 * 24 * 3600_000;
    fs.writeFileSync(`${file}.lock`, JSON.stringify({ host: 'another-box', pid: 7, nonce: 'far', token: 'old', at }));
    expect(await withFileLock(file, () => 'ran')).toBe('ran');
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
  }, 30_000);

  it('waits for a lock from another host whose refresh time is a little ahead (a live holder with a skewed clock)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmh-lock-'));
    const file = path.join(dir, 'config.json');
    fs.writeFileSync(`${file}.lock`, JSON.stringify({ host: 'another-box', pid: 7, nonce: 'near', token: 'theirs', at: Date.now() + 60_000 }));
    let ran = false;
    const waiting = withFileLock(file, () => {
      ran = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(ran).toBe(false);
    expect(JSON.parse(fs.readFileSync(`${file}.lock`, 'utf8'))).toMatchObject({ token: 'theirs' });
    fs.rmSync(`${file}.lock`);
    await waiting;
    expect(ran).toBe(true);
  });

  it('removes its lock on release even when a killed run left the breaker file a moment ago, so its next lock is not blocked by its own', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmh-lock-'));
    const file = path.join(dir, 'subscriptions.json');
    const breaker = `${file}.lock.break`;
    fs.writeFileSync(breaker, '');
    // Left 4 s ago: it becomes stale during the release.
    const fourSecondsAgo = new Date(Date.now() - 4_000);
    fs.utimesSync(breaker, fourSecondsAgo, fourSecondsAgo);
    expect(await withFileLock(file, () => 'first')).toBe('first');
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
    expect(await withFileLock(file, () => 'second')).toBe('second');
  }, 30_000);

  it('refreshes its lock while the work runs, so a long run is not taken for a dead one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmh-lock-'));
    const file = path.join(dir, 'subscriptions.json');
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    try {
      await withFileLock(file, async () => {
        const first = JSON.parse(fs.readFileSync(`${file}.lock`, 'utf8')) as { at: number; token: string };
        vi.advanceTimersByTime(25_000);
        const later = JSON.parse(fs.readFileSync(`${file}.lock`, 'utf8')) as { at: number; token: string };
        expect(later.token).toBe(first.token);
        expect(later.at - first.at).toBeGreaterThanOrEqual(20_000);
      });
    } finally {
      vi.useRealTimers();
    }
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
  });
});
