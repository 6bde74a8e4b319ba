import fs from 'node:fs';
import path from 'node:path';
import type { CommandOutcome } from '../../action.js';
import { CliError, ExitCode, FileError } from '../../errors.js';
import { writeFileAtomic } from '../../files/safe-files.js';
import type { IO } from '../../io/io.js';
import { mergeRegistries } from '../../registry/merge.js';
import { readRegistryFile } from '../../registry/read-file.js';
import { registeredTwice } from '../../registry/registered-twice.js';
import { REGISTRY_VERSION } from '../../registry/format.js';
import { registryChunks, type RegistryData } from '../../registry/schema.js';

/** What `registry merge` uses: the terminal, and where relative file names start. */
export interface RegistryMergeOptions {
  io: IO;
  cwd: string;
}

/** The three files git hands a merge driver. */
export interface MergeFiles {
  base: string;
  ours: string;
  theirs: string;
}

/** Merge `theirs` into `ours` by record id (registry/merge.ts) and write the result into `ours`. */
export async function runRegistryMerge(files: MergeFiles, { io, cwd }: RegistryMergeOptions): Promise<CommandOutcome> {
  const at = (file: string) => path.resolve(cwd, file);
  const base = readSide(at(files.base), true);
  const ours = readSide(at(files.ours), false);
  const theirs = readSide(at(files.theirs), false);
  const merged = mergeRegistries(base, ours, theirs);
  const mode = fs.statSync(at(files.ours)).mode & 0o777;
  writeFileAtomic(at(files.ours), registryChunks(merged), mode);
  const twice = registeredTwice(merged.subscriptions);
  io.info(`Merged the registry: ${merged.subscriptions.length} record${merged.subscriptions.length === 1 ? '' : 's'}.`);
  if (twice.length > 0) io.info(`${twice.length} webhook${twice.length === 1 ? ' is' : 's are'} registered twice: see tagmango-hooks list.`);
  return { data: { merged: at(files.ours), records: merged.subscriptions.length, registeredTwice: twice.length } };
}

/** One side, validated; the base may be empty (git's stand-in when the sides share no ancestor). */
function readSide(file: string, mayBeEmpty: boolean): RegistryData {
  try {
    if (!fs.existsSync(file)) throw new FileError('REGISTRY_MISSING', `The registry ${file} does not exist.`, file);
    if (mayBeEmpty && fs.statSync(file).size === 0) return { version: REGISTRY_VERSION, subscriptions: [] };
    return readRegistryFile(file);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    // Exit 1: git then leaves the file conflicted for a person instead of taking a merge.
    throw new FileError(
      'NOT_A_REGISTRY',
      error.message,
      file,
      'Git keeps the conflict: fix that copy by hand (or take one side with git checkout --ours/--theirs), then git add it.',
      ExitCode.failure,
    );
  }
}
