#!/usr/bin/env node
// Bundle the CLI into dist/bundle/ for the binary: one file to start (commander and the command
// wiring), and one chunk per lazily imported command with its dependencies (zod, undici, ...).
// Loading a handful of files instead of hundreds of modules is what keeps start-up near `node`.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const outdir = new URL('../dist/bundle/', import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { cli: new URL('../src/cli.ts', import.meta.url).pathname },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minifySyntax: true,
  legalComments: 'eof',
  logLevel: 'warning',
  // CommonJS dependencies (commander, undici) call require() for node built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
