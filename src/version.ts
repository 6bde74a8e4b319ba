import { readFileSync } from 'node:fs';

/** Set by the bundler (scripts/bundle.mjs); absent when the modules run unbundled (tests, dist/). */
declare const __BUNDLED_VERSION__: string | undefined;

/** package.json sits one folder up from the compiled modules (dist/) and from src/. */
function readVersion(): string {
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** This package's version: inlined in the bundle, else read from package.json next to the code. */
export const VERSION: string = typeof __BUNDLED_VERSION__ === 'string' ? __BUNDLED_VERSION__ : readVersion();

/** The user-agent sent to TagMango. */
export function userAgent(): string {
  return `tagmango-hooks/${VERSION} node/${process.versions.node}`;
}
