import { readFileSync } from 'node:fs';

/** package.json sits one folder up from the compiled modules (dist/) and two from the bundle (dist/bundle/). */
function readVersion(): string {
  for (const relative of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'tagmango-hooks' && pkg.version) return pkg.version;
    } catch {
      // Not at this level: try the next one.
    }
  }
  throw new Error('Cannot find the package.json of tagmango-hooks next to its code.');
}

/** This package's version, read from package.json next to the built code. */
export const VERSION: string = readVersion();

/** The user-agent sent to TagMango. */
export function userAgent(): string {
  return `tagmango-hooks/${VERSION} node/${process.versions.node}`;
}
