import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EVENTS } from '../../src/catalogue/events.js';

// The catalogue is the one place that names events: everything else reads it. A name written
// anywhere else in src/ (a help example, a message, a branch) would miss the next catalogue change.
const src = fileURLToPath(new URL('../../src/', import.meta.url));
const catalogue = path.join(src, 'catalogue') + path.sep;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : /\.[cm]?[jt]s$/.test(entry.name) ? [full] : [];
  });
}

/** Each catalogue name as a whole token: `course.completed` does not match inside `course.completed.100`. */
const patterns = EVENTS.map((e) => ({ name: e.name, re: new RegExp(`(?<![\\w.])${e.name.replace(/\./g, '\\.')}(?!\\.?\\w)`) }));

/** Where outside the catalogue a text names an event: `file:line: name`. */
function namedEvents(files: readonly string[], read: (file: string) => string = (f) => fs.readFileSync(f, 'utf8')): string[] {
  return files.flatMap((file) =>
    read(file).split('\n').flatMap((line, i) => patterns.filter((p) => p.re.test(line)).map((p) => `${path.relative(src, file)}:${i + 1}: ${p.name}`)),
  );
}

describe('the event catalogue stays the one place', () => {
  it('no file in src/ outside src/catalogue/ writes an event name', () => {
    const files = sourceFiles(src).filter((file) => !file.startsWith(catalogue));
    expect(files.length).toBeGreaterThan(50);
    expect(namedEvents(files)).toEqual([]);
  });

  it('catches a name in a string, a comment or a template, and not a longer name or a property', () => {
    const lines = ["const a = 'webinar.reminder.15min';", '// see course.completed.', 'x(`${y} order.created.failed`)', "'course.completed.100'", 'order.created.completedAt', 'user.deletedAt = 1'];
    const found = namedEvents(['src/x.ts'], () => lines.join('\n'));
    expect(found.map((f) => f.replace(/^.*?:(\d+): /, '$1 '))).toEqual(['1 webinar.reminder.15min', '2 course.completed', '3 order.created.failed', '4 course.completed.100']);
  });
});
