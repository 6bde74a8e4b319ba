import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { flattenCommands } from '../../src/help/command-tree.js';
import { describeProgram } from '../../src/help/describe-program.js';
import { REFERENCE_END, REFERENCE_START, renderReference, replaceReference } from '../../src/help/reference.js';

const readme = fs.readFileSync(new URL('../../docs/commands.md', import.meta.url), 'utf8');
const program = describeProgram();

describe('docs/commands.md command reference', () => {
  it('is what `npm run docs` generates from the program (run `npm run docs` if this fails)', () => {
    const expected = replaceReference(readme, renderReference(program));
    const section = (text: string): string => text.slice(text.indexOf(REFERENCE_START), text.indexOf(REFERENCE_END));
    expect(section(readme), 'docs/commands.md is out of date: run `npm run docs`').toBe(section(expected));
  });

  it('has a section with the full --help of every command, under "Command reference"', () => {
    const heading = readme.indexOf('## Command reference');
    expect(heading).toBeGreaterThan(0);
    expect(readme.indexOf(REFERENCE_START)).toBeGreaterThan(heading);
    for (const command of flattenCommands(program).filter((c) => !c.builtInHelp)) {
      expect(readme).toContain(`### ${['tagmango-hooks', ...command.path].join(' ')}\n`);
      expect(readme).toContain(command.help.trimEnd());
    }
  });

  it('replaceReference swaps only the marked section and refuses a README without markers', () => {
    const text = `# x\n\n${REFERENCE_START}\nold\n${REFERENCE_END}\n\n## After\n`;
    expect(replaceReference(text, `${REFERENCE_START}\nnew\n${REFERENCE_END}`)).toBe(`# x\n\n${REFERENCE_START}\nnew\n${REFERENCE_END}\n\n## After\n`);
    expect(() => replaceReference('# x\n', 'y')).toThrow(/lacks the markers/);
  });

  it('scripts/gen-docs.mjs --check agrees with the built program, and finds the page up to date', () => {
    const script = fileURLToPath(new URL('../../scripts/gen-docs.mjs', import.meta.url));
    const ok = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(renderReference(program)).not.toBe(`${REFERENCE_START}\n${REFERENCE_END}`);
  });
});

describe('CHANGELOG and LICENSE', () => {
  const changelog = fs.readFileSync(new URL('../../CHANGELOG.md', import.meta.url), 'utf8');
  const version = (JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

  it('the CHANGELOG has a section for the package version naming every command (or names it under Unreleased)', () => {
    const start = changelog.indexOf(`## [${version}]`);
    expect(start).toBeGreaterThan(0);
    const next = changelog.indexOf('\n## [', start + 1);
    const unreleased = changelog.indexOf('## Unreleased');
    const section = changelog.slice(start, next < 0 ? undefined : next) + (unreleased >= 0 && unreleased < start ? changelog.slice(unreleased, start) : '');
    for (const command of program.subcommands.filter((c) => !c.builtInHelp)) {
      expect(section, `CHANGELOG ${version} should mention \`${command.name}\``).toContain(`\`${command.name}\``);
    }
  });

  it('has one Unreleased section at the top, and no section repeats a heading (merged branches add lines, not headings)', () => {
    expect(changelog.match(/^## Unreleased$/gm) ?? []).toHaveLength(1);
    expect(changelog.indexOf('## Unreleased')).toBeLessThan(changelog.indexOf('\n## ['));
    for (const section of changelog.split(/^## /m).slice(1)) {
      const headings = section.match(/^### .+$/gm) ?? [];
      expect(headings, `## ${section.split('\n')[0]}`).toEqual([...new Set(headings)]);
    }
  });

  it('LICENSE is MIT for the tagmango-hooks contributors, as package.json says', () => {
    const license = fs.readFileSync(new URL('../../LICENSE', import.meta.url), 'utf8');
    expect(license).toMatch(/^MIT License/);
    expect(license).toContain('tagmango-hooks contributors');
    const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { license: string };
    expect(pkg.license).toBe('MIT');
  });
});
