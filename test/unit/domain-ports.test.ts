import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const DOMAIN = ['registry', 'registrations', 'migrate'];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

describe('domain modules take narrow ports', () => {
  it.each(DOMAIN)('nothing under src/%s imports the run context', (folder) => {
    const offenders = sources(path.join(SRC, folder)).filter((file) => /from '(\.\.\/)+context\.js'/.test(fs.readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it.each(DOMAIN)('nothing under src/%s reads process identity directly, except the process-identity port', (folder) => {
    const offenders = sources(path.join(SRC, folder)).filter((file) => !file.endsWith('process-identity.ts') && /process\.pid\b/.test(fs.readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
