#!/usr/bin/env node
// Regenerate src/catalogue/payload-types.ts from the built payload schemas (`npm run types` builds first).
// With --check, exit 1 instead of writing when the file is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { renderPayloadTypes } from '../dist/catalogue/render-types.js';

const target = new URL('../src/catalogue/payload-types.ts', import.meta.url);
const current = readFileSync(target, 'utf8');
const updated = renderPayloadTypes();
if (process.argv.includes('--check')) {
  if (updated !== current) {
    process.stderr.write('src/catalogue/payload-types.ts is out of date. Run: npm run types\n');
    process.exitCode = 1;
  }
} else if (updated !== current) {
  writeFileSync(target, updated);
  process.stdout.write('src/catalogue/payload-types.ts updated.\n');
}
