import { truncateEnd } from './width.js';
/** Where the display is drawn, and the clock it reads; tests pass a fake TTY and a fake clock. */
export interface ProgressOptions {
  stream: NodeJS.WritableStream;
  /** What is being counted, e.g. "registered". */
  label: string;
  total: number;
  now: () => number;
  /** Show at once when there are more items than this (default 20)... */
  minItems?: number;
  /** ...otherwise once the work has taken this long (default 1000 ms). */
  minMs?: number;
  /** Redraw at most this often when items settle (default 100 ms). */
  redrawMs?: number;
  /** The terminal's width at the time of a draw (it may be resized meanwhile); the line is kept within it. */
  columns?: () => number | undefined;
  /** Calls `tick` every `ms` until the returned function is called; default an unref'd setInterval. */
  every?: (tick: () => void, ms: number) => () => void;
}

/** A one-line progress display: done, failed, rate and time left, redrawn in place. */
export interface Progress {
  /** One item finished; `failed` when it did not succeed. */
  settle(failed: boolean): void;
  /** Redraw if the display is due (also called by the timer). */
  tick(): void;
  /** Erase the line and stop the timer; the display never draws again. */
  finish(): void;
  /** Run `write` (a line on the same terminal) with the display erased first and drawn again after. */
  above(write: () => void): void;
}

/** A display that never draws: no TTY, --json, --quiet or --verbose. */
export const NO_PROGRESS: Progress = { settle: () => undefined, tick: () => undefined, finish: () => undefined, above: (write) => write() };

const CLEAR_LINE = '\r\u001b[2K';

function everyInterval(tick: () => void, ms: number): () => void {
  const timer = setInterval(tick, ms);
  timer.unref();
  return () => clearInterval(timer);
}

/** Start a progress display for `total` items on a terminal stream. */
export function startProgress(options: ProgressOptions): Progress {
  const { stream, label, total, now } = options;
  const minItems = options.minItems ?? 20;
  const minMs = options.minMs ?? 1000;
  const redrawMs = options.redrawMs ?? 100;
  const started = now();
  let done = 0;
  let failed = 0;
  let drawnAt: number | undefined;
  let finished = false;

  const draw = (): void => {
    drawnAt = now();
    const line = progressLine({ label, total, done, failed, elapsedMs: drawnAt - started });
    const columns = options.columns?.();
    // One column short of the edge: a line that fills it puts the cursor on the next row, and \r then clears the wrong one.
    stream.write(CLEAR_LINE + (columns ? truncateEnd(line, columns - 1) : line));
  };
  const due = (): boolean => {
    if (finished) return false;
    const t = now();
    if (total <= minItems && t - started < minMs) return false;
    return drawnAt === undefined || t - drawnAt >= redrawMs;
  };
  const stop = (options.every ?? everyInterval)(() => progress.tick(), Math.max(redrawMs, 250));
  const progress: Progress = {
    settle(isFailure) {
      if (isFailure) failed += 1;
      else done += 1;
      progress.tick();
    },
    tick() {
      if (due()) draw();
    },
    finish() {
      if (finished) return;
      finished = true;
      stop();
      if (drawnAt !== undefined) stream.write(CLEAR_LINE);
    },
    above(write) {
      if (drawnAt === undefined || finished) return write();
      stream.write(CLEAR_LINE);
      write();
      draw();
    },
  };
  return progress;
}

/** The counts behind one line of the display. */
export interface ProgressState {
  label: string;
  total: number;
  done: number;
  failed: number;
  elapsedMs: number;
}

/** The text of the display, e.g. "337/1000 registered, 3 failed, 118/s, about 6 s left" (failures are not counted as done). */
export function progressLine(state: ProgressState): string {
  const settled = state.done + state.failed;
  const parts = [`${state.done}/${state.total} ${state.label}`];
  if (state.failed > 0) parts.push(`${state.failed} failed`);
  const seconds = state.elapsedMs / 1000;
  if (settled > 0 && seconds > 0) {
    const rate = settled / seconds;
    parts.push(`${rate >= 10 ? Math.round(rate) : rate.toFixed(1)}/s`);
    const left = Math.ceil((state.total - settled) / rate);
    if (settled < state.total) parts.push(`about ${formatDuration(left)} left`);
  }
  return parts.join(', ');
}

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${seconds % 60} s`;
}
