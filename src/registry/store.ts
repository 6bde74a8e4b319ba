import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ExitCode, FileError } from '../errors.js';
import { assertNotSymlink } from '../fs/safe-files.js';
import { withFileLock, processAlive } from './lock.js';
import { REGISTRY_VERSION, recordSchema, registrySchema, type RegistryData, type RegistryRecord } from './schema.js';

/** The local record of registrations: validated on read, locked and atomically replaced on write. */
export class RegistryStore {
  constructor(
    readonly file: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A validated snapshot; a missing file is an empty registry. Pending records of dead runs read as `unknown`. */
  read(): RegistryData {
    let text: string;
    try {
      assertNotSymlink(this.file);
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return { version: REGISTRY_VERSION, subscriptions: [] };
      if (error instanceof FileError) throw error;
      if (code === 'EISDIR') {
        throw new FileError('REGISTRY_NOT_A_FILE', `The registry path ${this.file} is a directory.`, this.file, 'Point --registry (or TAGMANGO_HOOKS_REGISTRY) at a file.');
      }
      throw new FileError('REGISTRY_UNREADABLE', `Cannot read the registry ${this.file}: ${(error as Error).message}.`, this.file, 'Check its permissions.');
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw invalid(this.file, 'is not valid JSON');
    }
    const version = (data as { version?: unknown } | null)?.version;
    if (typeof version === 'number' && version > REGISTRY_VERSION) {
      throw new FileError('REGISTRY_TOO_NEW', `The registry ${this.file} has format version ${version}, newer than this tagmango-hooks understands (${REGISTRY_VERSION}).`, this.file, 'It was left untouched: upgrade tagmango-hooks, or point --registry at another file.', ExitCode.usage);
    }
    const parsed = registrySchema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? issue.path.join('.') : 'top level';
      throw invalid(this.file, `does not match the registry format (${where}: ${issue?.message})`);
    }
    for (const record of parsed.data.subscriptions) {
      if (record.status === 'pending' && (record.owner === undefined || !processAlive(record.owner))) {
        record.status = 'unknown';
        record.note = 'The run that was registering it stopped before TagMango answered.';
        delete record.owner;
      }
    }
    return parsed.data;
  }

  /** Read, change and write back under the cross-process lock; the change's return value is passed on. */
  async update<T>(change: (data: RegistryData) => T): Promise<T> {
    this.prepareFolder();
    return withFileLock(this.file, () => {
      const data = this.read();
      const result = change(data);
      this.removeLeftovers();
      this.write(data);
      return result;
    });
  }

  /** A new short id that no record uses yet. */
  static newId(taken: ReadonlySet<string> = new Set()): string {
    for (;;) {
      const id = `wh_${crypto.randomBytes(6).readUIntBE(0, 6).toString(36).padStart(8, '0').slice(-8)}`;
      if (!taken.has(id)) return id;
    }
  }

  /** A timestamp for records. */
  timestamp(): string {
    return this.now().toISOString();
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
      if (pid && pid !== process.pid && !processAlive(pid)) fs.rmSync(path.join(path.dirname(this.file), name), { force: true });
    }
  }

  /** Write via a temporary file and rename, so a crash leaves either the old or the new file. */
  private write(data: RegistryData): void {
    assertNotSymlink(this.file);
    const tmp = `${this.file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    const text = serializeRegistry(data);
    try {
      const fd = fs.openSync(tmp, 'w', 0o600);
      try {
        fs.writeFileSync(fd, text);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, this.file);
      syncFolder(path.dirname(this.file));
    } catch (error) {
      fs.rmSync(tmp, { force: true });
      throw new FileError('REGISTRY_UNWRITABLE', `Cannot write the registry ${this.file}: ${(error as Error).message}.`, this.file, 'Check that the path is a writable file, or choose another with --registry.');
    }
  }
}

/** Flush the folder entry of a rename to disk, where the platform allows it. */
function syncFolder(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Not supported here (Windows): the rename itself is still atomic.
  }
}

const RECORD_KEYS = Object.keys(recordSchema.shape);

/** The file text: pretty JSON, records in their order, keys in schema order, so it diffs well in git. */
export function serializeRegistry(data: RegistryData): string {
  const subscriptions = data.subscriptions.map((record) => {
    const ordered: Record<string, unknown> = {};
    for (const key of RECORD_KEYS) if (record[key as keyof RegistryRecord] !== undefined) ordered[key] = record[key as keyof RegistryRecord];
    return ordered;
  });
  return JSON.stringify({ version: data.version, subscriptions }, null, 2) + '\n';
}

function invalid(file: string, what: string): FileError {
  return new FileError('REGISTRY_INVALID', `The registry ${file} ${what}.`, file, 'It was left untouched: fix it by hand or restore it from version control, then run again.', ExitCode.usage);
}

export type { RegistryData, RegistryRecord };
