import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { FileError } from '../errors.js';
import { diskError } from '../files/durable.js';
import { writeFileAtomic } from '../files/safe-files.js';
import { journalPath } from './format.js';
import { applyJournal, fileStamp, readJournal, sameStamp, type JournalEntry, type RegistryView } from './journal.js';
import { JournalAppender } from './journal-appender.js';
import { systemLockClock, withFileLock, type LockClock } from '../files/lock.js';
import { pidRunning } from './process-identity.js';
import { HEARTBEAT_STALE_MS, systemProcesses, type ProcessProbe } from './process-identity.js';
import { markOrphaned } from './lifecycle.js';
import { readRegistryFile } from './read-file.js';
import { registryChunks, type RegistryData, type RegistryRecord } from './schema.js';

/** The file's outer shape; its records are validated one at a time (registrySchema, record by record). */

/** Records a journaled change touches: each is written as one journal line. */
export interface JournalLog {
  /** The record was added or changed (its state when the transaction ends is written). */
  put(record: RegistryRecord): void;
  /** The record with this id was removed from `data.subscriptions`. */
  drop(id: string): void;
  /** Changes whenever records were reloaded or changed by another run, so an index of them is stale. */
  readonly generation: number;
}

/** A change to a few records, journaled (see RegistryStore.journal). */
export type JournalChange<T> = (data: RegistryData, log: JournalLog) => T;

/** Runs one journaled change under a lock its caller holds (see RegistryStore.withLock). */
export type Transact = <T>(change: JournalChange<T>) => Promise<T>;

/** What a command that only reads the registry uses of it (Context.registryReader gives an empty one without loading the store). */
export type RegistryReader = Pick<RegistryStore, 'file' | 'read'>;

/**
 * The local record of registrations: validated on read, locked and atomically replaced on write;
 * bulk runs append to a journal beside it instead (see journal.ts).
 */
export class RegistryStore {
  readonly journalFile: string;
  /** The journal, kept open between appends (closed when a fold deletes it). */
  private readonly appender: JournalAppender;
  /** What this process last read, reused by journaled transactions while the file is unchanged. */
  private view: RegistryView | undefined;
  /** The last timestamp given out, by its millisecond. */
  private lastStamp = { ms: Number.NaN, text: '' };

  constructor(
    readonly file: string,
    /** The run's clock (record times, claim ages); the real one only where no run gives its own (tests, scripts). */
    private readonly now: () => Date = () => new Date(systemLockClock.now()),
    /** Whose claims are alive: this run's identity and a way to tell whether another run still goes. */
    readonly processes: ProcessProbe = systemProcesses(),
    /** The clock of its lock and of the claims' heartbeat: the run's time and chance, real timers (see Context.lockClock). */
    readonly clock: LockClock = systemLockClock,
  ) {
    this.journalFile = journalPath(file);
    this.appender = new JournalAppender(this.journalFile);
  }

  /** A validated snapshot: the file with its journal applied; a missing file is an empty registry. Pending records of dead runs read as `unknown`. */
  read(): RegistryData {
    // Read without the lock: if a run folded the journal into the file meanwhile, read both again.
    for (let attempt = 1; ; attempt++) {
      const before = fileStamp(this.file);
      const { data } = this.load();
      if (attempt < 5 && !sameStamp(before, fileStamp(this.file))) continue;
      return data;
    }
  }

  /** The file with its whole journal applied, and where the journal's complete lines end. */
  private load(): { data: RegistryData; end: number } {
    const data = this.readFile();
    const tail = readJournal(this.journalFile);
    applyJournal(data, tail.entries);
    this.markOrphans(data.subscriptions);
    return { data, end: tail.end };
  }

  /** The file alone, validated (read-file.ts). */
  private readFile(): RegistryData {
    return readRegistryFile(this.file);
  }

  /** Read, change and write back under the cross-process lock; the change's return value is passed on. */
  async update<T>(change: (data: RegistryData) => T): Promise<T> {
    this.prepareFolder();
    return this.locked(() => {
      this.view = undefined;
      const data = this.read();
      this.removeLeftovers();
      // Fold the journal first: replaying it over a file that already holds newer changes would undo them.
      if (fs.existsSync(this.journalFile)) this.fold(data);
      const result = change(data);
      this.write(data);
      return result;
    });
  }

  /**
   * Change a few records under the lock, written as journal lines (fsync'd) instead of a rewrite
   * of the whole file. `change` must report every record it adds, changes or removes to `log`.
   */
  async journal<T>(change: JournalChange<T>): Promise<T> {
    return this.withLock((transact) => transact(change));
  }

  /**
   * Take the lock once for a group of journaled changes (a bulk run's group commit): `work` gets
   * `transact`, which runs one change as `journal` does, under this lock. The files are stat'ed
   * and the journal's end checked once per lock, not per change: while the lock is held no other
   * run changes them. Each change is still on disk (fdatasync) before its promise resolves.
   */
  async withLock<R>(work: (transact: Transact) => Promise<R>): Promise<R> {
    this.prepareFolder();
    return this.locked(async () => {
      this.appender.recheck();
      let held = true;
      let current: RegistryView | undefined;
      const transact: Transact = async (change) => {
        if (!held) throw new Error('A registry transaction ran after its lock was released.');
        // Read the files again only the first time under this lock, or after a failed change.
        if (current === undefined || current !== this.view) {
          current = this.refresh();
          this.appender.follow(current.journalIno);
        }
        return this.transaction(current, change);
      };
      try {
        return await work(transact);
      } finally {
        held = false;
      }
    });
  }

  /** One change to `view` under the lock, appended to the journal; a failure drops the view (the next change reads the files again). */
  private async transaction<T>(view: RegistryView, change: JournalChange<T>): Promise<T> {
    const touched = new Map<string, RegistryRecord | null>();
    try {
      const log: JournalLog = { put: (record) => touched.set(record.id, record), drop: (id) => touched.set(id, null), generation: view.generation };
      const result = change(view.data, log);
      const entries: JournalEntry[] = [...touched].map(([id, record]) => (record ? { put: record } : { drop: id }));
      Object.assign(view, await this.appender.append(view.journalEnd, entries));
      return result;
    } catch (error) {
      this.view = undefined;
      throw error;
    }
  }

  /** Fold the journal into the file and delete it (the end of a bulk run). */
  async compact(): Promise<void> {
    if (!fs.existsSync(this.journalFile)) {
      this.view = undefined;
      return;
    }
    await this.locked(() => {
      if (!fs.existsSync(this.journalFile)) return;
      this.removeLeftovers();
      // The records this run already holds, brought up to date, are folded: a journal of a long
      // run is not read and validated again (its size would set the run's peak memory).
      const view = this.refresh();
      this.view = undefined;
      this.fold(view.data);
    });
  }

  /** This process's view brought up to date: lines others appended are applied; a replaced file is read again. */
  private refresh(): RegistryView {
    const main = fileStamp(this.file);
    const journal = fileStamp(this.journalFile);
    const view = this.view;
    const current = view !== undefined && sameStamp(view.main, main) && (journal ? journal.ino === view.journalIno && journal.size >= view.journalEnd : view.journalEnd === 0);
    if (view && current) {
      if (journal && journal.size > view.journalEnd) {
        const tail = readJournal(this.journalFile, view.journalEnd);
        applyJournal(view.data, tail.entries);
        this.markOrphans(view.data.subscriptions);
        view.journalEnd = tail.end;
        view.generation += 1;
      }
      return view;
    }
    const { data, end } = this.load();
    this.view = { data, main, journalIno: journal?.ino, journalEnd: end, generation: (view?.generation ?? 0) + 1 };
    return this.view;
  }

  /** Under the lock: write `data` (the file with its journal applied), then delete the journal. */
  private fold(data: RegistryData): void {
    this.write(data);
    this.appender.close();
    fs.rmSync(this.journalFile, { force: true });
  }

  /** Run `work` under the registry's cross-process lock, held in this run's name. */
  private locked<T>(work: () => Promise<T> | T): Promise<T> {
    return withFileLock(this.file, work, this.processes, this.clock);
  }

  /** A new short id that no record uses yet. */
  static newId(taken: ReadonlySet<string> = new Set()): string {
    for (;;) {
      const id = `wh_${crypto.randomBytes(6).readUIntBE(0, 6).toString(36).padStart(8, '0').slice(-8)}`;
      if (!taken.has(id)) return id;
    }
  }

  /** A timestamp for records. Records stamped in the same millisecond share one string (a bulk run stamps thousands). */
  timestamp(): string {
    const now = this.now();
    const ms = now.getTime();
    if (ms !== this.lastStamp.ms) this.lastStamp = { ms, text: now.toISOString() };
    return this.lastStamp.text;
  }


  /** Claims whose run is gone read as `unknown` at once: the request may or may not have reached TagMango. Also for records read earlier in a long run. */
  markOrphans(records: readonly RegistryRecord[]): void {
    const now = this.now().getTime();
    for (const record of records) {
      if (record.status !== 'pending') continue;
      const owner = record.owner;
      const running = owner ? this.processes.isRunning(owner) : false;
      // A claim from another host is alive while its run keeps refreshing the heartbeat; one far in the future (skew, a hand edit) is not.
      const alive = running ?? (owner !== undefined && Math.abs(now - Date.parse(owner.heartbeat)) < HEARTBEAT_STALE_MS);
      if (!alive) markOrphaned(record);
    }
  }

  private prepareFolder(): void {
    const dir = path.dirname(this.file);
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new FileError('REGISTRY_UNWRITABLE', `Cannot create the folder ${dir} for the registry: ${(error as Error).message}.`, this.file, 'Choose another path with --registry.');
    }
  }

  /** Delete temporary files that runs killed mid-write left beside the registry. */
  private removeLeftovers(): void {
    const base = path.basename(this.file);
    let names: string[];
    try {
      names = fs.readdirSync(path.dirname(this.file));
    } catch {
      return;
    }
    for (const name of names) {
      if (!name.startsWith(`${base}.`) || !name.endsWith('.tmp')) continue;
      const pid = Number(/^\.(\d+)\.[0-9a-f]+\.tmp$/.exec(name.slice(base.length))?.[1]);
      if (pid && pid !== this.processes.self.pid && !pidRunning(pid)) fs.rmSync(path.join(path.dirname(this.file), name), { force: true });
    }
  }

  /** Write via a temporary file and rename, so a crash leaves either the old or the new file. */
  private write(data: RegistryData): void {
    try {
      writeFileAtomic(this.file, registryChunks(data));
    } catch (error) {
      throw diskError(error, this.file, 'the registry', 'then run the same command again (or choose another file with --registry)', 'REGISTRY_UNWRITABLE');
    }
  }
}


