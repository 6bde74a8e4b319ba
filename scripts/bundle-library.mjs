#!/usr/bin/env node
// Bundle the library entry `tagmango-hooks/events` into dist/lib/events.js: one self-contained
// file (zod inlined) that shares nothing with the CLI bundle, so a receiver needs no other
// package at run time and the CLI's start-up does not change. Its types come from tsc
// (tsconfig.lib.json -> dist/types/).
import { build } from 'esbuild';
import { NODE_ESM } from './esbuild-options.mjs';

const root = new URL('..', import.meta.url);
await build({
  entryPoints: { events: new URL('src/events.ts', root).pathname },
  outdir: new URL('dist/lib/', root).pathname,
  ...NODE_ESM,
});
