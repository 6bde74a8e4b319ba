import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, tempHome } from '../helpers/cli.js';
import { blocksUnder, readDoc } from '../helpers/markdown.js';

// The completion install lines of docs/commands.md, run as written by each shell on a fresh home
// (no completion folders yet), with this build as the `tagmango-hooks` on PATH.
const page = readDoc('docs/commands.md');
const block = (shell: string): string => {
  const [text] = blocksUnder(page, '## Completion', shell);
  if (text === undefined) throw new Error(`no ${shell} block under "## Completion"`);
  return text;
};

const hasShell = (name: string): boolean => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
/** .ci/run installs zsh and fish: only outside CI may a missing shell skip its test. */
const missing = (shell: string): boolean => !hasShell(shell) && !process.env.CI;

function freshHome(): { home: string; env: NodeJS.ProcessEnv } {
  const home = tempHome();
  const bin = path.join(home, '.local', 'bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(path.join(bin, 'tagmango-hooks'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
  return { home, env: { PATH: `${bin}:${process.env.PATH}`, HOME: home, TAGMANGO_HOOKS_HOME: path.join(home, 'tm'), TERM: 'dumb' } };
}

function runBlock(shell: string, args: string[], text: string, env: NodeJS.ProcessEnv) {
  const result = spawnSync(shell, [...args, '-c', text], { cwd: env.HOME, env, encoding: 'utf8', timeout: 30_000 });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result;
}

describe('the completion install lines of docs/commands.md, on a fresh home', () => {
  it('bash: each block is a bash block, and the folder it writes into is made first', () => {
    const { home, env } = freshHome();
    runBlock('bash', ['--norc', '--noprofile', '-e'], `${block('bash')}\ncomplete -p tagmango-hooks`, env);
    const file = path.join(home, '.local/share/bash-completion/completions/tagmango-hooks');
    expect(fs.readFileSync(file, 'utf8')).toContain('complete -F _tagmango_hooks tagmango-hooks');
  });

  it.skipIf(missing('zsh'))('zsh: the block runs in zsh, and a new shell completes tagmango-hooks with it', () => {
    const { home, env } = freshHome();
    runBlock('zsh', ['-f', '-e'], block('zsh'), env);
    expect(fs.existsSync(path.join(home, '.zfunc/_tagmango-hooks'))).toBe(true);
    const shell = spawnSync('zsh', ['-i', '-c', 'print -r -- $_comps[tagmango-hooks]'], { cwd: home, env, encoding: 'utf8', timeout: 30_000 });
    expect(shell.stdout.trim()).toBe('_tagmango-hooks');
  });

  it.skipIf(missing('fish'))('fish: the block runs in fish, and fish then completes tagmango-hooks', () => {
    const { home, env } = freshHome();
    runBlock('fish', ['--no-config'], block('fish'), env);
    const shell = spawnSync('fish', ['-c', 'complete -C "tagmango-hooks lo"'], { cwd: home, env, encoding: 'utf8', timeout: 30_000 });
    expect(shell.stdout).toMatch(/^login\t/m);
  });
});
