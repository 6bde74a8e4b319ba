import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempHome } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';
import { readRegistry, record, writeRegistry } from '../helpers/registry.js';
import type { CommandSpec } from '../../src/help/command-tree.js';
import { describeProgram } from '../../src/help/describe-program.js';
import { blocksUnder, readDoc, relativeLinks, ROOT } from '../helpers/markdown.js';

const readme = readDoc('README.md');
const PAGES = ['docs/commands.md', 'docs/registry.md', 'docs/ci.md', 'docs/security.md', 'docs/troubleshooting.md', 'docs/performance.md', 'docs/receivers.md', 'CONTRIBUTING.md'];

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

  it('docs/registry.md shows a registry file this version reads', async () => {
    const sample = /^```json\n([\s\S]*?)^```$/m.exec(readDoc('docs/registry.md'))?.[1];
    const home = tempHome();
    fs.writeFileSync(path.join(home, 'subscriptions.json'), sample ?? '');
    expect(readRegistry(path.join(home, 'subscriptions.json')).version).toBe(2);
    const listed = await runInProcess(['list', '--json'], { env: { TAGMANGO_HOOKS_HOME: home } });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('"hookUrlTemplate"');
  });

  it('shows the same GitHub Actions recipe as docs/ci.md', () => {
    const [inReadme] = blocksUnder(readme, '## In CI', 'yaml');
    const [inDocs] = blocksUnder(readDoc('docs/ci.md'), '## GitHub Actions', 'yaml');
    expect(inReadme).toBeTruthy();
    expect(inReadme).toBe(inDocs);
  });
});

describe('commands shown in the docs', () => {
  const program = describeProgram();
  const pages = ['README.md', ...PAGES];

  /** Every `tagmango-hooks ...` invocation in the shell and yaml blocks of a page: its words up to a pipe, redirection or comment. */
  function invocations(markdown: string): string[][] {
    const blocks = [...markdown.matchAll(/^```(?:sh|bash|zsh|fish|yaml)\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
    const text = blocks.join('\n').replace(/\\\n\s*/g, ' ');
    // A word may hold single-quoted parts, where & and | are literal (a hook URL's ?event={event}&token={secret}).
    return [...text.matchAll(/(?:^|[\s|(;&])tagmango-hooks((?:[ \t]+(?!#)(?:'[^'\n]*'|[^\s|<>;&)#'])+)*)/gm)].map((m) => (m[1] ?? '').trim().split(/\s+/).filter(Boolean));
  }

  /** The command a word list selects, and the options it accepts (its own and its ancestors'). */
  function resolve(words: readonly string[]): { command: CommandSpec; options: Set<string> } {
    let command: CommandSpec = program;
    const options = new Set<string>(['--help', '-h', '--version', '-V']);
    const add = (c: CommandSpec): void => c.options.forEach((o) => [o.long, o.short].forEach((n) => n && options.add(n)));
    add(command);
    let expectValue = false;
    for (const word of words) {
      if (expectValue) {
        expectValue = false;
        continue;
      }
      if (word.startsWith('-')) {
        const option = [program, command].flatMap((c) => c.options).find((o) => o.long === word || o.short === word);
        expectValue = Boolean(option?.takesValue) && !word.includes('=');
        continue;
      }
      const sub = command.subcommands.find((c) => c.name === word);
      if (!sub) break;
      command = sub;
      add(command);
    }
    return { command, options };
  }

  it('name commands and options the program has (a renamed option or command fails here)', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const page of pages) {
      for (const words of invocations(readDoc(page))) {
        const { options } = resolve(words);
        checked += 1;
        for (const word of words.filter((w) => /^--?[a-zA-Z]/.test(w))) {
          const name = word.split('=')[0] ?? word;
          if (!options.has(name)) problems.push(`${page}: tagmango-hooks ${words.join(' ')}: unknown option ${name}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(40);
  });

  /** The shown invocations of one command (its name is the first word that is not a global option or its value), shell quotes removed. */
  function shown(name: string): { page: string; words: string[] }[] {
    return pages.flatMap((page) =>
      invocations(readDoc(page))
        .filter((words) => resolve(words).command.name === name)
        .map((words) => ({ page, words: words.map((w) => w.replace(/^'(.*)'$/, '$1')) })),
    );
  }
  const KEY = 'tm-docs-key-0001';

  it('every subscribe shown with a hook URL is accepted as written (run with --dry-run: nothing sent)', async () => {
    const runs = shown('subscribe').filter(({ words }) => !words.includes('--from-file') && !words.some((w) => /[$"<]/.test(w)));
    expect(runs.length).toBeGreaterThan(8);
    const problems: string[] = [];
    for (const { page, words } of runs) {
      const home = tempHome();
      // A loopback API URL, as with the sandbox: sample hook URLs on 127.0.0.1 are then allowed, and nothing can leave the machine.
      // The pages export TAGMANGO_HOOK_SECRET before a hook URL with {secret}.
      const env = { TAGMANGO_HOOKS_HOME: home, TAGMANGO_API_KEY: KEY, TAGMANGO_API_URL: 'http://127.0.0.1:9', TAGMANGO_HOOK_SECRET: 'docs-hook-secret-0123456789' };
      const result = await runInProcess([...words, ...(words.includes('--dry-run') ? [] : ['--dry-run'])], { env });
      if (result.code !== 0) problems.push(`${page}: tagmango-hooks ${words.join(' ')} -> exit ${result.code}: ${result.stderr}`);
    }
    expect(problems).toEqual([]);
  });

  it('every resolve shown settles unknown records as written, and one that cannot apply (an active record marked absent) would fail', async () => {
    const runs = shown('resolve').filter(({ words }) => words.some((w) => w.startsWith('wh_')));
    expect(runs.length).toBeGreaterThanOrEqual(4);
    const api = 'https://api-prod-new.tagmango.com';
    for (const { page, words } of runs) {
      const home = tempHome();
      const unknown = ['wh_1a2b3c4d', 'wh_5e6f7a8b'].map((id, n) => record(api, n + 1, { id, status: 'unknown', event: 'course.completed.100' }));
      const file = writeRegistry(home, unknown);
      const result = await runInProcess(words, { env: { TAGMANGO_HOOKS_HOME: home } });
      expect(result.code, `${page}: tagmango-hooks ${words.join(' ')}: ${result.stderr}`).toBe(0);
      const settled = readRegistry(file).subscriptions.filter((r) => words.includes(r.id));
      expect(settled.map((r) => r.status)).toEqual(settled.map(() => (words.includes('--exists') ? 'active' : 'absent')));
    }
    const home = tempHome();
    writeRegistry(home, [record(api, 1, { id: 'wh_1a2b3c4d', status: 'active' })]);
    expect((await runInProcess(['resolve', 'wh_1a2b3c4d', '--absent'], { env: { TAGMANGO_HOOKS_HOME: home } })).code).toBe(2);
  });

  it('the tunnel recipe of docs/receivers.md registers the tunnel\'s URL with listen\'s path and the event, as written', async () => {
    const blocks = blocksUnder(readDoc('docs/receivers.md'), '## 7. Let TagMango reach `listen` (a tunnel)', 'sh');
    const register = blocks.find((b) => b.includes('tagmango-hooks subscribe')) ?? '';
    const publicUrl = /^PUBLIC=(\S+)$/m.exec(register)?.[1] ?? '';
    expect(publicUrl).toMatch(/^https:\/\//);
    const command = /tagmango-hooks (subscribe .*)$/m.exec(register)?.[1] ?? '';
    const words = command.replaceAll('"$PUBLIC', `"${publicUrl}`).split(' ').map((w) => w.replace(/^"(.*)"$/, '$1'));
    expect(words[1]).toBe(`${publicUrl}/hook?event={event}`);
    const listen = blocks.find((b) => b.includes('tagmango-hooks listen')) ?? '';
    expect(listen).toMatch(/--port 4000/);
    expect(blocks.join('\n')).toContain('http://127.0.0.1:4000');
    const result = await runInProcess([...words, '--dry-run'], { env: { TAGMANGO_HOOKS_HOME: tempHome(), TAGMANGO_API_KEY: KEY } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`"hookUrl":"${publicUrl}/hook?event=course.completed.100"`);
  });

  it('would catch an option the program does not have', () => {
    const { options } = resolve(['listen', '--port', '0']);
    expect(options.has('--port')).toBe(true);
    expect(options.has('--from-file')).toBe(false);
  });
});

describe('listen --json lines shown in the docs', () => {
  it('name the line kind type, as listen prints it (a line shown with "event":"stopped" is stale)', () => {
    for (const page of ['README.md', ...PAGES]) {
      for (const kind of ['listening', 'delivery', 'stopped']) expect(readDoc(page), `${page}: ${kind}`).not.toMatch(new RegExp(`"event":\\s*"${kind}"`));
    }
  });
});
