import { describe, expect, it } from 'vitest';
import { progressLine, startProgress } from '../../src/io/progress.js';
import { MemoryStream } from '../helpers/in-process.js';

const CLEAR = '\r\u001b[2K';

/** A fake clock and a timer the test fires by hand. */
function harness(total: number, columns?: () => number | undefined) {
  let clock = 1_000_000;
  let timer: (() => void) | undefined;
  let stopped = false;
  const stream = new MemoryStream(true);
  const progress = startProgress({
    stream,
    label: 'registered',
    total,
    now: () => clock,
    ...(columns ? { columns } : {}),
    every: (tick) => {
      timer = tick;
      return () => {
        stopped = true;
      };
    },
  });
  return {
    stream,
    progress,
    advance: (ms: number) => {
      clock += ms;
    },
    fireTimer: () => timer?.(),
    stopped: () => stopped,
    frames: () => stream.text.split(CLEAR).filter(Boolean),
  };
}

describe('progressLine', () => {
  it('shows done of total, failures, rate and time left', () => {
    expect(progressLine({ label: 'registered', total: 1000, done: 337, failed: 3, elapsedMs: 2000 })).toBe('337/1000 registered, 3 failed, 170/s, about 4 s left');
  });

  it('shows a slow rate with a decimal and long waits in minutes', () => {
    expect(progressLine({ label: 'registered', total: 100, done: 1, failed: 0, elapsedMs: 2000 })).toBe('1/100 registered, 0.5/s, about 3 min 18 s left');
  });

  it('leaves out the rate before anything settled and the time left once all did', () => {
    expect(progressLine({ label: 'registered', total: 30, done: 0, failed: 0, elapsedMs: 0 })).toBe('0/30 registered');
    expect(progressLine({ label: 'registered', total: 30, done: 30, failed: 0, elapsedMs: 1500 })).toBe('30/30 registered, 20/s');
  });
});

describe('startProgress', () => {
  it('keeps the line one column short of the terminal, at the width of each draw (a resized pane is followed)', () => {
    let columns = 80;
    const h = harness(400, () => columns);
    h.progress.settle(false);
    h.advance(2000);
    h.progress.settle(false);
    columns = 30;
    h.advance(200);
    h.progress.settle(true);
    const [wide, ...narrow] = h.frames().slice(1);
    expect(wide).toBe('2/400 registered, 1.0/s, about 6 min 38 s left');
    expect(narrow).toEqual(['2/400 registered, 1 failed...']);
    expect(narrow[0]?.length).toBeLessThanOrEqual(29);
  });

  it('draws for more than 20 items at once, then at most every 100 ms, and erases itself at the end', () => {
    const h = harness(50);
    h.progress.settle(false);
    expect(h.frames()).toEqual(['1/50 registered']);
    h.advance(50);
    h.progress.settle(true);
    expect(h.frames()).toHaveLength(1);
    h.advance(50);
    h.progress.settle(false);
    expect(h.frames()).toEqual(['1/50 registered', '2/50 registered, 1 failed, 30/s, about 2 s left']);
    h.progress.finish();
    expect(h.stream.text.endsWith(CLEAR)).toBe(true);
    expect(h.stopped()).toBe(true);
    h.advance(500);
    h.progress.settle(false);
    h.fireTimer();
    expect(h.frames()).toHaveLength(2);
  });

  it('stays hidden for a few quick items and leaves nothing behind', () => {
    const h = harness(5);
    for (let i = 0; i < 5; i++) {
      h.advance(100);
      h.progress.settle(false);
    }
    h.progress.finish();
    expect(h.stream.text).toBe('');
  });

  it('appears for a few items once the work takes more than a second, redrawn by the timer', () => {
    const h = harness(3);
    h.progress.settle(false);
    h.fireTimer();
    expect(h.stream.text).toBe('');
    h.advance(1200);
    h.fireTimer();
    expect(h.frames()).toEqual(['1/3 registered, 0.8/s, about 3 s left']);
  });
});
