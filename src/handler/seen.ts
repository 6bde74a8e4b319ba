/**
 * Where a handler remembers the deliveries it processed, by `deliveryKey`. Both methods may be
 * async, so a Redis set or a database table fits: `has` asks whether a key was processed, `add`
 * records it after `onEvent` succeeded.
 */
export interface SeenStore {
  has(key: string): boolean | Promise<boolean>;
  add(key: string): void | Promise<void>;
}

/** Bounds of the in-memory store. */
export interface MemorySeenOptions {
  /** At most this many keys are kept; the oldest go first (default 10,000). */
  max?: number;
  /** A key is forgotten this long after it was added (default 7 days). */
  ttlMs?: number;
  /** The clock (default `Date.now`). */
  now?: () => number;
}

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The default store: one process's memory, bounded in count and age. Keys are lost on a restart
 * and not shared between instances: use a shared store for those.
 */
export function memorySeenStore(options: MemorySeenOptions = {}): SeenStore {
  const max = options.max ?? 10_000;
  const ttlMs = options.ttlMs ?? WEEK_MS;
  const now = options.now ?? Date.now;
  if (!Number.isInteger(max) || max < 1) throw new TypeError('memorySeenStore: max must be a whole number of at least 1.');
  const added = new Map<string, number>();
  const prune = (): void => {
    const oldest = now() - ttlMs;
    // A Map keeps insertion order: the first key still young enough ends the sweep.
    for (const [key, at] of added) {
      if (at > oldest && added.size <= max) break;
      added.delete(key);
    }
  };
  return {
    has(key) {
      prune();
      return added.has(key);
    },
    add(key) {
      added.delete(key);
      added.set(key, now());
      prune();
    },
  };
}
