import type { JournalChange, RegistryStore, Transact } from '../registry/store.js';

/**
 * How many transactions one taking of the lock carries at most while changes keep coming: then
 * it is released, so another run waiting for the registry gets its turn between two groups.
 */
export const TRANSACTIONS_PER_LOCK = 32;

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
  private draining = false;

  constructor(private readonly registry: RegistryStore) {}

  /** Apply `change` in the next transaction; resolves with its result once it is on disk. */
  run<T>(change: JournalChange<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ change, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    });
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
    this.draining = false;
  }

  /** Under one lock: a transaction of everything queued, again while more is queued, up to the bound. */
  private async commitWhileQueued(transact: Transact): Promise<void> {
    for (let done = 0; this.queue.length > 0 && done < TRANSACTIONS_PER_LOCK; done++) {
      const batch = this.queue.splice(0);
      try {
        const results = await transact((data, log) => batch.map((queued) => queued.change(data, log)));
        batch.forEach((queued, i) => queued.resolve(results[i]));
      } catch (error) {
        batch.forEach((queued) => queued.reject(error));
      }
    }
  }
}
