#!/usr/bin/env node
// Regenerate the command reference in docs/commands.md from the built program (`npm run docs`
// builds first). With --check, exit 1 instead of writing when the page is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { describeProgram } from '../dist/help/describe-program.js';
import { renderReference, replaceReference } from '../dist/help/reference.js';

const pageUrl = new URL('../docs/commands.md', import.meta.url);
const page = readFileSync(pageUrl, 'utf8');
const updated = replaceReference(page, renderReference(describeProgram()));

if (process.argv.includes('--check')) {
  if (updated !== page) {
    process.stderr.write('docs/commands.md is out of date. Run: npm run docs\n');
    process.exitCode = 1;
  }
} else if (updated !== page) {
  writeFileSync(pageUrl, updated);
  process.stdout.write('docs/commands.md updated.\n');
} else {
  process.stdout.write('docs/commands.md is up to date.\n');
}
