import fs from 'node:fs';

/**
 * Facts of the registry's files that readers share without its schema (so without zod): the
 * format version, where the journal is, and whether there is anything to read at all.
 */
/** Format version this tool writes. 1 was 0.1.0's (claims named by pid only); it is read and upgraded. */
export const REGISTRY_VERSION = 2;

/** The journal's path for a registry file. */
export function journalPath(registryFile: string): string {
  return `${registryFile}.journal`;
}

/** True when neither the registry file nor its journal exists: an empty registry, read without validating anything. */
export function registryAbsent(registryFile: string): boolean {
  return !fs.existsSync(registryFile) && !fs.existsSync(journalPath(registryFile));
}
