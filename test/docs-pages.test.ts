import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blocksUnder, readDoc, relativeLinks, ROOT } from './helpers/markdown.js';

const readme = readDoc('README.md');
const PAGES = ['docs/commands.md', 'docs/registry.md', 'docs/ci.md', 'docs/security.md', 'docs/troubleshooting.md', 'docs/performance.md', 'CONTRIBUTING.md'];

describe('the README', () => {
  it('fits a first minute: at most 250 lines, with no command reference or contributor sections', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(250);
    expect(readme).not.toContain('<!-- commands:start -->');
    for (const moved of ['## Command reference', '## How the code is organised', '## Tests', '## The registry']) expect(readme).not.toContain(moved);
  });

  it('links every docs page and CONTRIBUTING.md, and every relative link of every page points at a file', () => {
    for (const page of PAGES) expect(readme, page).toContain(`](${page})`);
    for (const page of ['README.md', ...PAGES]) {
      const dir = path.dirname(path.join(ROOT, page));
      for (const link of relativeLinks(readDoc(page))) expect(fs.existsSync(path.join(dir, link)), `${page} -> ${link}`).toBe(true);
    }
  });

  it('says the package is not on the npm registry yet, marks the registry install "once published", and names the clone folder', () => {
    const install = readme.slice(readme.indexOf('## Install'), readme.indexOf('## Quick start'));
    expect(install).toMatch(/not on the npm registry yet/);
    expect(install).toMatch(/# once published\nnpm install -g tagmango-hooks\n/);
    for (const clone of readme.match(/^git clone .*$/gm) ?? []) expect(clone).toMatch(/^git clone \S+ tagmango-hooks && cd tagmango-hooks$/);
    expect(readme).not.toMatch(/npx tagmango-hooks/);
  });

  it('shows the same GitHub Actions recipe as docs/ci.md', () => {
    const [inReadme] = blocksUnder(readme, '## In CI', 'yaml');
    const [inDocs] = blocksUnder(readDoc('docs/ci.md'), '## GitHub Actions', 'yaml');
    expect(inReadme).toBeTruthy();
    expect(inReadme).toBe(inDocs);
  });
});
