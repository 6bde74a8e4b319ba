import type { JournalChange, RegistryStore, Transact } from '../registry/store.js';

/**
 * How many transactions one taking of the lock carries at most while changes keep coming: then
 * it is released, so another run waiting for the registry gets its turn between two groups.
 */
export const TRANSACTIONS_PER_LOCK = 32;

/**
 * How long a group keeps the lock after its last transaction, waiting for the next change: in a
 * bulk run the next answer is usually a millisecond away, and taking the lock again costs more
 * than waiting for it (about 2 opens, 2 unlinks and 6 stats).
 */
export const LINGER_MS = 5;

interface Queued {
  change: JournalChange<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for a bulk run: the changes of items that settle while a registry transaction is
 * running (or in the same turn of the event loop) share the next transaction, so 1,000
 * registrations take far fewer fsyncs than 2,000; and the transactions that follow each other
 * while changes keep coming share one taking of the registry lock (up to TRANSACTIONS_PER_LOCK),
 * so the lock's files are written and removed once per group, not once per transaction. Each
 * caller still waits until its own change is on disk.
 */
export class GroupCommit {
  private queue: Queued[] = [];
  /** The drain running (it holds or takes the lock), until it has let the lock go. */
  private draining: Promise<void> | undefined;
  /** Set by `settle`: nothing more is coming, so no linger. */
  private settling = false;
  /** Ends a linger (see LINGER_MS) when a change arrives. */
  private wake: (() => void) | undefined;

  constructor(private readonly registry: RegistryStore) {}

  /** Apply `change` in the next transaction; resolves with its result once it is on disk. */
  run<T>(change: JournalChange<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ change, resolve: resolve as (value: unknown) => void, reject });
      this.wake?.();
      this.draining ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.drain());
    });
  }

  /** The changes still queued are written, and the lock is let go at once instead of lingering (the end of a run). */
  async settle(): Promise<void> {
    this.settling = true;
    this.wake?.();
    await this.draining;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      try {
        await this.registry.withLock((transact) => this.commitWhileQueued(transact));
      } catch (error) {
        // The lock could not be taken: the changes waiting for it fail (the run stops on them).
        this.queue.splice(0).forEach((queued) => queued.reject(error));
      }
    }
    this.draining = undefined;
  }

  /** Under one lock: a transaction of everything queued, again while more is queued or comes within LINGER_MS, up to the bound. */
  private async commitWhileQueued(transact: Transact): Promise<void> {
    for (let done = 0; done < TRANSACTIONS_PER_LOCK; done++) {
      if (this.queue.length === 0 && !this.settling) await this.nextChange();
      if (this.queue.length === 0) return;
      const batch = this.queue.splice(0);
      try {
        const results = await transact((data, log) => batch.map((queued) => queued.change(data, log)));
        batch.forEach((queued, i) => queued.resolve(results[i]));
      } catch (error) {
        batch.forEach((queued) => queued.reject(error));
      }
    }
  }

  /** Resolves when a change is queued (a turn of the event loop later, so that changes made together share it), or after LINGER_MS. */
  private nextChange(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        setImmediate(resolve);
      };
      const timer = setTimeout(done, LINGER_MS);
      this.wake = done;
    });
  }
}
