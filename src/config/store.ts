import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ExitCode, FileError } from '../errors.js';
import { systemLockClock, withFileLock, type LockClock } from '../files/lock.js';
import { parseJsonAs } from '../files/read-json.js';
import { diskError } from '../files/durable.js';
import { readOwnFile, tightenMode, writeFileAtomic } from '../files/safe-files.js';
import type { Warning } from '../io/io.js';
import type { ProcessProbe } from '../registry/process-identity.js';

const profileSchema = z
  .object({
    apiKey: z.string().min(1).optional(),
    'api-url': z.string().optional(),
    timeout: z.number().int().optional(),
    retries: z.number().int().optional(),
  })
  .strict();

const configSchema = z
  .object({
    profiles: z.record(z.string(), profileSchema).default({}),
  })
  .strict();

/** One profile's stored values. */
export type StoredProfile = z.infer<typeof profileSchema>;
/** The whole config file. */
export type ConfigFile = z.infer<typeof configSchema>;

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
    /** The lock's clock: the run's time and chance, real waits (see Context.lockClock); the real one where no run gives its own. */
    private readonly lockClock: LockClock = systemLockClock,
    /** Whose lock it is: this run's identity (the lock's own default where none is given). */
    private readonly processes?: ProcessProbe,
  ) {}

  /** The file's content; an absent file reads as empty. Never resets a broken file. */
  read(): ConfigFile {
    this.cached ??= this.load();
    return this.cached;
  }

  private load(): ConfigFile {
    const text = readOwnFile(this.file, (error) => new FileError('CONFIG_UNREADABLE', `Cannot read the config file ${this.file}: ${error.message}.`, this.file, 'Check its permissions.'));
    if (text === undefined) return { profiles: {} };
    tightenMode(this.file, 0o600, this.warn);
    tightenMode(path.dirname(this.file), 0o700, this.warn);
    // An empty file is not valid JSON (a write cut short by a full disk leaves one): refused like an empty registry, never read as no config.
    if (text.trim() === '') throw invalidConfig(this.file, 'is empty, which is not valid JSON');
    return parseJsonAs(text, configSchema, (what) => invalidConfig(this.file, what));
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
    await withFileLock(this.file, () => {
      this.cached = undefined;
      const config = this.load();
      change(config);
      // The one durable write path (files/durable.ts): whole, synced, typed failures, mode 0600.
      try {
        writeFileAtomic(this.file, JSON.stringify(config, undefined, '\t'), 0o600);
      } catch (error) {
        throw diskError(error, this.file, 'the config file', 'then run the same command again', 'CONFIG_UNWRITABLE');
      }
      this.cached = config;
    }, this.processes, this.lockClock);
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
