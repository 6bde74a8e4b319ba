import fs from 'node:fs';
import path from 'node:path';
import { ExitCode, FileError } from '../errors.js';
import type { LockClock } from '../files/lock.js';
import { parseJsonAs } from '../files/read-json.js';
import { diskError } from '../files/durable.js';
import { readOwnFile, tightenMode, writeFileAtomic } from '../files/safe-files.js';
import type { Warning } from '../io/io.js';
import type { ProcessProbe } from '../registry/process-identity.js';
import type { ConfigFile, StoredProfile } from './schema.js';

/** The config file's schema (and zod) load only when there is a file to check. */
type ConfigSchema = typeof import('./schema.js')['configSchema'];
const loadSchema = async (): Promise<ConfigSchema> => (await import('./schema.js')).configSchema;

/**
 * The config file (keys and settings per profile), 0600 in a 0700 folder: read with node:fs and
 * checked with zod, written through the durable write path under the cross-process lock.
 */
export class ConfigStore {
  /** The content as last read or written by this run: the file is read once per run. */
  private cached: ConfigFile | undefined;

  constructor(
    readonly file: string,
    private readonly warn: (warning: Warning) => void,
    /**
     * The lock's clock (the run's time and chance, real waits: see Context.lockClock) and whose
     * lock it is (this run's identity), asked for only when the file is written: a run that only
     * reads loads neither. The lock's own defaults where none is given.
     */
    private readonly locking: () => Promise<{ clock?: LockClock; processes?: ProcessProbe }> = async () => ({}),
  ) {}

  /** Read the file (once per run; `read` and `profile` answer from it). Never resets a broken file. */
  async open(): Promise<this> {
    this.cached ??= await this.load();
    return this;
  }

  /** The file's content as `open` read it; an absent file reads as empty. */
  read(): ConfigFile {
    if (!this.cached) throw new Error('The config file is read by open() first.');
    return this.cached;
  }

  private async load(): Promise<ConfigFile> {
    const text = readOwnFile(this.file, (error) => new FileError('CONFIG_UNREADABLE', `Cannot read the config file ${this.file}: ${error.message}.`, this.file, 'Check its permissions.'));
    if (text === undefined) return { profiles: {} };
    const schema = await loadSchema();
    tightenMode(this.file, 0o600, this.warn);
    tightenMode(path.dirname(this.file), 0o700, this.warn);
    // An empty file is not valid JSON (a write cut short by a full disk leaves one): refused like an empty registry, never read as no config.
    if (text.trim() === '') throw invalidConfig(this.file, 'is empty, which is not valid JSON');
    return parseJsonAs(text, schema, (what) => invalidConfig(this.file, what));
  }

  /** The named profile, or an empty one. */
  profile(name: string): StoredProfile {
    return this.read().profiles[name] ?? {};
  }

  /**
   * Change the file through a function of its current content, under the cross-process lock
   * (parallel logins keep every key); written atomically, mode 0600.
   */
  async update(change: (config: ConfigFile) => void): Promise<void> {
    const dir = path.dirname(this.file);
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw unwritableConfig(this.file, `its folder ${dir} cannot be created (${(error as Error).message})`);
    }
    tightenMode(dir, 0o700, this.warn);
    const [{ withFileLock }, { clock, processes }] = await Promise.all([import('../files/lock.js'), this.locking()]);
    await withFileLock(this.file, async () => {
      this.cached = undefined;
      const config = await this.load();
      change(config);
      // The one durable write path (files/durable.ts): whole, synced, typed failures, mode 0600.
      try {
        writeFileAtomic(this.file, JSON.stringify(config, undefined, '\t'), 0o600);
      } catch (error) {
        throw diskError(error, this.file, 'the config file', 'then run the same command again', 'CONFIG_UNWRITABLE');
      }
      this.cached = config;
    }, processes, clock);
  }
}

function unwritableConfig(file: string, why: string): FileError {
  return new FileError('CONFIG_UNWRITABLE', `Cannot save the config file ${file}: ${why}.`, file, 'Point TAGMANGO_HOOKS_HOME at a folder you can write to.');
}

function invalidConfig(file: string, what: string): FileError {
  return new FileError(
    'CONFIG_INVALID',
    `The config file ${file} ${what}.`,
    file,
    'Fix it by hand, or move it aside and run: tagmango-hooks login',
    ExitCode.usage,
  );
}
