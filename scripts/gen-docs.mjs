#!/usr/bin/env node
// Regenerate the README command reference from the built program (`npm run docs` builds first).
// With --check, exit 1 instead of writing when the README is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { describeProgram } from '../dist/help/describe-program.js';
import { renderReference, replaceReference } from '../dist/help/reference.js';

const readmeUrl = new URL('../README.md', import.meta.url);
const readme = readFileSync(readmeUrl, 'utf8');
const updated = replaceReference(readme, renderReference(describeProgram()));

if (process.argv.includes('--check')) {
  if (updated !== readme) {
    process.stderr.write('README.md command reference is out of date. Run: npm run docs\n');
    process.exitCode = 1;
  }
} else if (updated !== readme) {
  writeFileSync(readmeUrl, updated);
  process.stdout.write('README.md command reference updated.\n');
} else {
  process.stdout.write('README.md command reference is up to date.\n');
}
