import { readFileSync } from 'node:fs';

/** This package's version, read from package.json next to the built code. */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** The user-agent sent to TagMango. */
export function userAgent(): string {
  return `tagmango-hooks/${VERSION} node/${process.versions.node}`;
}
