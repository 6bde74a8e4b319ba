import type { Dispatcher } from 'undici';
import type { Streams } from './io/io.js';

/** What the outside world gives a run; tests pass their own. */
export interface Deps {
  streams: Streams;
  env: Record<string, string | undefined>;
  cwd: string;
  now: () => Date;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  /** Aborted on the first Ctrl-C: stop starting work, finish what is in flight. */
  signal?: AbortSignal;
  /** A dispatcher to use instead of the real connection pool (tests). */
  dispatcher?: Dispatcher;
  /** Process-wide tuning before a command runs (the binary bounds the heap's growth, heap.ts); tests leave their worker as it is. */
  tuneProcess?: () => Promise<void>;
}
