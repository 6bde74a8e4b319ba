import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FileError } from '../../src/errors.js';
import { applyJournal, readJournal, type JournalEntry } from '../../src/registry/journal.js';
import { JournalAppender } from '../../src/registry/journal-appender.js';
import type { RegistryData, RegistryRecord } from '../../src/registry/schema.js';
import { RegistryStore } from '../../src/registry/store.js';
import { GroupCommit, TRANSACTIONS_PER_LOCK } from '../../src/registrations/group-commit.js';
import { tempHome, waitFor } from '../helpers/cli.js';
import { readRegistry, record, writeRegistry } from '../helpers/registry.js';

const API = 'http://127.0.0.1:9';
let home: string;
let file: string;

beforeEach(() => {
  home = tempHome();
  file = path.join(home, 'subscriptions.json');
});

afterEach(() => {
  fs.rmSync(home, { recursive: true, force: true });
});

const data = (...records: RegistryRecord[]): RegistryData => ({ version: 2, subscriptions: records });

/** One append through an appender of its own, as a run's first append is. */
async function appendJournal(journal: string, end: number, entries: JournalEntry[]): Promise<{ journalEnd: number } | undefined> {
  const appender = new JournalAppender(journal);
  try {
    return await appender.append(end, entries);
  } finally {
    appender.close();
  }
}

describe('journal file', () => {
  it('reads back what was appended, in order, and applies puts and drops by id', async () => {
    const journal = `${file}.journal`;
    const first = await appendJournal(journal, 0, [{ put: record(API, 1) }, { put: record(API, 2) }]);
    await appendJournal(journal, first?.journalEnd ?? 0, [{ put: record(API, 1, { status: 'forgotten' }) }, { drop: record(API, 2).id }]);
    const { entries, end } = readJournal(journal);
    expect(end).toBe(fs.statSync(journal).size);
    expect(entries).toHaveLength(4);
    const applied = data(record(API, 3));
    applyJournal(applied, entries);
    expect(applied.subscriptions.map((r) => [r.id, r.status])).toEqual([
      [record(API, 3).id, 'active'],
      [record(API, 1).id, 'forgotten'],
    ]);
  });

  it('reads a line a 0.1.0 run wrote: its pid-only claim reads unknown', () => {
    const old = { ...record(API, 1), status: 'pending', owner: 12345 };
    fs.writeFileSync(`${file}.journal`, JSON.stringify({ put: old }) + '\n');
    const [read] = new RegistryStore(file).read().subscriptions;
    expect(read).toMatchObject({ id: old.id, status: 'unknown' });
    expect(read).not.toHaveProperty('owner');
  });

  it('reads a 0.1.0 registry whose note kept TagMango\'s raw control characters, escaping them', () => {
    const old = { ...record(API, 1), status: 'unknown', note: 'bad\u001b[2J\nline' };
    fs.writeFileSync(file, JSON.stringify({ version: 1, subscriptions: [old] }));
    expect(new RegistryStore(file).read().subscriptions[0]?.note).toBe('bad\\u001b[2J\\u000aline');
  });

  it('ignores a torn last line, and the next append cuts it off', async () => {
    const journal = `${file}.journal`;
    const written = await appendJournal(journal, 0, [{ put: record(API, 1) }]);
    fs.appendFileSync(journal, '{"put":{"id":"wh_0000');
    expect(readJournal(journal).entries).toHaveLength(1);
    expect(readJournal(journal).end).toBe(written?.journalEnd);
    await appendJournal(journal, readJournal(journal).end, [{ put: record(API, 2) }]);
    expect(readJournal(journal).entries.map((e) => ('put' in e ? e.put.id : e.drop))).toEqual([record(API, 1).id, record(API, 2).id]);
  });

  it('refuses a damaged complete line, naming the journal', () => {
    const journal = `${file}.journal`;
    fs.writeFileSync(journal, '{"put":{"id":"nope"}}\n');
    expect(() => readJournal(journal)).toThrow(FileError);
    expect(() => readJournal(journal)).toThrow(/subscriptions\.json\.journal is damaged: line 1/);
  });

  it('asks to repair only the damaged line, not to set the whole journal aside (its other lines hold registrations the file lacks)', () => {
    const journal = `${file}.journal`;
    const good = JSON.stringify({ put: record(API, 1) });
    fs.writeFileSync(journal, `${good}\n${good.slice(0, 40)}\n${good}\n`);
    let caught: FileError | undefined;
    try {
      readJournal(journal);
    } catch (error) {
      caught = error as FileError;
    }
    expect(caught?.message).toMatch(/damaged: line 2 is not valid JSON/);
    expect(caught?.hint).toMatch(/line 2/);
    expect(caught?.hint).not.toMatch(/move it aside/);
  });
});

describe('RegistryStore with a journal', () => {
  it('journals small changes without rewriting the file, and compact folds them in', async () => {
    writeRegistry(home, [record(API, 1)]);
    const before = fs.readFileSync(file, 'utf8');
    const store = new RegistryStore(file);
    await store.journal((d, log) => {
      const added = record(API, 2);
      d.subscriptions.push(added);
      log.put(added);
    });
    await store.journal((d, log) => {
      const first = d.subscriptions.find((r) => r.id === record(API, 1).id) as RegistryRecord;
      first.status = 'forgotten';
      log.put(first);
    });
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    expect(new RegistryStore(file).read().subscriptions.map((r) => r.status)).toEqual(['forgotten', 'active']);

    await store.compact();
    expect(fs.existsSync(`${file}.journal`)).toBe(false);
    expect(readRegistry(file).subscriptions.map((r) => r.status)).toEqual(['forgotten', 'active']);
  });

  it('sees lines another process appended since its last transaction', async () => {
    writeRegistry(home, []);
    const mine = new RegistryStore(file);
    const other = new RegistryStore(file);
    await mine.journal((d, log) => {
      d.subscriptions.push(record(API, 1));
      log.put(record(API, 1));
    });
    await other.journal((d, log) => {
      d.subscriptions.push(record(API, 2));
      log.put(record(API, 2));
    });
    const seen = await mine.journal((d) => d.subscriptions.map((r) => r.id));
    expect(seen).toEqual([record(API, 1).id, record(API, 2).id]);
  });

  it('gives the same records when a crash left the journal beside a file it was already folded into', async () => {
    writeRegistry(home, [record(API, 1)]);
    const store = new RegistryStore(file);
    await store.journal((d, log) => {
      const r = d.subscriptions[0] as RegistryRecord;
      r.status = 'forgotten';
      log.put(r);
    });
    const journal = fs.readFileSync(`${file}.journal`);
    await store.compact();
    fs.writeFileSync(`${file}.journal`, journal);
    expect(new RegistryStore(file).read()).toEqual(readRegistry(file));
  });

  it('folds a leftover journal before a whole-file update, so the update is not undone later', async () => {
    writeRegistry(home, [record(API, 1)]);
    fs.writeFileSync(`${file}.journal`, JSON.stringify({ put: record(API, 1, { status: 'unknown' }) }) + '\n');
    const store = new RegistryStore(file);
    await store.update((d) => {
      (d.subscriptions[0] as RegistryRecord).status = 'forgotten';
    });
    expect(fs.existsSync(`${file}.journal`)).toBe(false);
    expect(new RegistryStore(file).read().subscriptions[0]?.status).toBe('forgotten');
  });
});

describe('RegistryStore.read without the lock', () => {
  it('reads again when another run folds the journal between its reading the file and the journal', async () => {
    writeRegistry(home, [record(API, 1)]);
    await new RegistryStore(file).journal((d, log) => {
      d.subscriptions.push(record(API, 2));
      log.put(record(API, 2));
    });
    const reader = new RegistryStore(file);
    const internals = reader as unknown as { readFile: () => RegistryData };
    const readFile = internals.readFile.bind(reader);
    let calls = 0;
    internals.readFile = () => {
      const data = readFile();
      calls += 1;
      if (calls === 1) {
        // What another run's fold does: the folded file renamed into place, then the journal deleted.
        fs.writeFileSync(`${file}.folded`, JSON.stringify({ version: 1, subscriptions: [record(API, 1), record(API, 2)] }));
        fs.renameSync(`${file}.folded`, file);
        fs.rmSync(`${file}.journal`);
      }
      return data;
    };
    expect(reader.read().subscriptions.map((r) => r.id)).toEqual([record(API, 1).id, record(API, 2).id]);
    expect(calls).toBe(2);
  });
});

describe('GroupCommit', () => {
  /** A store whose transactions are counted, and the files opened for the lock and the journal. */
  function counted(): { store: RegistryStore; transactions: () => number; lockOpens: () => number; journalOpens: () => number } {
    writeRegistry(home, []);
    const store = new RegistryStore(file);
    let transactions = 0;
    const withLock = store.withLock.bind(store);
    store.withLock = ((work) => withLock((transact) => work((change) => ((transactions += 1), transact(change))))) as typeof store.withLock;
    const open = vi.spyOn(fs, 'openSync');
    const opens = (name: string, writing: (flags: unknown) => boolean): number => open.mock.calls.filter(([target, flags]) => target === name && writing(flags)).length;
    return {
      store,
      transactions: () => transactions,
      lockOpens: () => opens(`${file}.lock`, (flags) => flags === 'wx'),
      journalOpens: () => opens(`${file}.journal`, (flags) => typeof flags === 'number' && (flags & fs.constants.O_APPEND) !== 0),
    };
  }

  /** Change `n` adds record n and, while its transaction runs, queues change n + 1, up to `last`. */
  function chain(commits: GroupCommit, n: number, last: number, done: Promise<unknown>[]): Promise<number> {
    return commits.run((d, log) => {
      d.subscriptions.push(record(API, n));
      log.put(record(API, n));
      if (n < last) done.push(chain(commits, n + 1, last, done));
      return n;
    });
  }

  it('puts changes queued together into one transaction and resolves each with its own result', async () => {
    const { store, transactions } = counted();
    const commits = new GroupCommit(store);
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        commits.run((d, log) => {
          d.subscriptions.push(record(API, n));
          log.put(record(API, n));
          return n * 10;
        }),
      ),
    );
    expect(results).toEqual([10, 20, 30, 40, 50]);
    expect(transactions()).toBe(1);
    expect(readJournal(`${file}.journal`).entries).toHaveLength(5);
  });

  it('takes the lock once for transactions that follow each other, and keeps the journal open between groups', async () => {
    const { store, transactions, lockOpens, journalOpens } = counted();
    const commits = new GroupCommit(store);
    const done: Promise<unknown>[] = [];
    done.push(chain(commits, 1, 5, done));
    for (let i = 0; i < done.length; i++) await done[i];
    expect(transactions()).toBe(5);
    expect(lockOpens()).toBe(1);
    // A later group takes the lock again, and appends through the journal still open.
    await waitFor(() => !fs.existsSync(`${file}.lock`), 5_000, 'the lock released');
    await commits.run((d, log) => {
      d.subscriptions.push(record(API, 6));
      log.put(record(API, 6));
    });
    expect(lockOpens()).toBe(2);
    expect(journalOpens()).toBe(1);
    expect(readJournal(`${file}.journal`).entries.map((e) => ('put' in e ? e.put.id : e.drop))).toEqual([1, 2, 3, 4, 5, 6].map((n) => record(API, n).id));
    await store.compact();
    expect(readRegistry(file).subscriptions).toHaveLength(6);
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
  });

  it('lets the lock go after TRANSACTIONS_PER_LOCK transactions, so a waiting run gets its turn', async () => {
    const { store, transactions, lockOpens } = counted();
    const commits = new GroupCommit(store);
    const done: Promise<unknown>[] = [];
    done.push(chain(commits, 1, TRANSACTIONS_PER_LOCK + 3, done));
    for (let i = 0; i < done.length; i++) await done[i];
    expect(transactions()).toBe(TRANSACTIONS_PER_LOCK + 3);
    expect(lockOpens()).toBe(2);
  });

  it('opens the journal again after another run folded it away', async () => {
    const { store, journalOpens } = counted();
    const commits = new GroupCommit(store);
    await commits.run((d, log) => log.put(record(API, 1)));
    // Another run's fold: the journal's records go into the file and the journal is deleted.
    const other = new RegistryStore(file);
    await other.update(() => undefined);
    expect(fs.existsSync(`${file}.journal`)).toBe(false);
    await commits.run((d, log) => log.put(record(API, 2)));
    expect(journalOpens()).toBe(2);
    expect(new RegistryStore(file).read().subscriptions.map((r) => r.id)).toEqual([record(API, 1).id, record(API, 2).id]);
  });
});
