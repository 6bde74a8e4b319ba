import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : /\.(ts|mjs)$/.test(e.name) ? [path.join(dir, e.name)] : []));
}

/**
 * Private members of commander and zod (`_getHelpCommand`, `_zod.def`, `_optionValues`...) change
 * without notice between minor versions. `_id` is TagMango's own field name, not an API.
 */
const PRIVATE_MEMBER = /\.(?!_id\b)_[A-Za-z]\w*/g;

describe('no private API of commander or zod', () => {
  it('no source or script reaches a _-prefixed member', () => {
    const offenders = [...sources(path.join(ROOT, 'src')), ...sources(path.join(ROOT, 'scripts'))].flatMap((file) =>
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (line.match(PRIVATE_MEMBER) ?? []).map((m) => `${path.relative(ROOT, file)}:${i + 1} ${m}`)),
    );
    expect(offenders).toEqual([]);
  });

  it('the pattern catches the uses it is for', () => {
    expect('command._getHelpCommand()'.match(PRIVATE_MEMBER)).toEqual(['._getHelpCommand']);
    expect('schema._zod.def'.match(PRIVATE_MEMBER)).toEqual(['._zod']);
    expect('registration._id'.match(PRIVATE_MEMBER)).toBeNull();
  });
});
