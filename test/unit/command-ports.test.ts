import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const COMMANDS = fileURLToPath(new URL('../../src/commands/', import.meta.url));

/** The files that do a command's work (run.ts, fire-run.ts), as opposed to its wiring (index.ts). */
function runFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? runFiles(path.join(dir, e.name)) : /run\.ts$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );
}

describe('command run functions take an options object, not the run context', () => {
  it('finds the run files', () => {
    expect(runFiles(COMMANDS).length).toBeGreaterThanOrEqual(14);
  });

  it.each(runFiles(COMMANDS).map((file) => [path.relative(COMMANDS, file), file]))('%s does not take the Context', (_name, file) => {
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toMatch(/\bContext\b(?!\w)/);
  });
});
