import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, tempHome } from '../helpers/cli.js';
import { blocksUnder, readDoc } from '../helpers/markdown.js';

/** A folder with a `tagmango-hooks` command that runs the built binary, as `npm link` would. */
function pathWithCli(): string {
  const dir = path.join(tempHome(), 'bin');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'tagmango-hooks'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
  return `${dir}:${process.env.PATH ?? ''}`;
}

let group: number | undefined;
afterEach(() => {
  // Whatever the block left running (the sandbox, if it failed before `kill`) goes with its group.
  if (group !== undefined) {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  group = undefined;
});

/** Run a script with `sh -e` in a fresh home with the CLI on PATH, in its own process group; its exit code and output. */
async function runShell(script: string): Promise<{ home: string; code: number | null; stdout: string; stderr: string }> {
  const home = tempHome();
  const child = spawn('sh', ['-e', '-c', script], {
    cwd: home,
    env: { PATH: pathWithCli(), HOME: home, TMPDIR: home },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  group = child.pid;
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { home, code, stdout, stderr };
}

describe('the README quick start', () => {
  const [block] = blocksUnder(readDoc('README.md'), '## Quick start', 'sh');

  it('is one sh block that starts the sandbox in the background and stops it', () => {
    expect(block).toMatch(/tagmango-hooks sandbox .*&/);
    expect(block).toMatch(/^kill /m);
  });

  it('runs verbatim in a fresh shell and home, offline: deprecation warning, migration, listing; exit 0', async () => {
    const { home, code, stdout, stderr } = await runShell(block ?? 'exit 9');

    expect(code, stderr).toBe(0);
    // Waiting for the sandbox's log before the sandbox has made it says nothing.
    expect(stderr).not.toMatch(/No such file or directory/);
    expect(stderr).toMatch(/warning: course\.completed is deprecated/);
    expect(stdout).toMatch(/^created\s+wh_\w+\s+course\.completed\s/m);
    expect(stdout).toMatch(/^created\s+wh_\w+\s+course\.completed\.100\s/m);
    const listing = stdout.slice(stdout.lastIndexOf('ID '));
    expect(listing).toMatch(/^wh_\w+\s+course\.completed\.100\s+course 634fc35ddaf58580e2418c40\s+active\s/m);
    expect(listing).not.toMatch(/\scourse\.completed\s/);
    // The throwaway home is the one the block made: the user's own home is untouched.
    expect(fs.readdirSync(home).filter((f) => !['bin'].includes(f) && !f.startsWith('tmp'))).toEqual([]);
  });

  it('the sandbox fire it suggests, run before the kill, reaches the registration the block made', async () => {
    const after = readDoc('README.md').split('## Quick start')[1]?.split('\n## ')[0]?.split('```').slice(2).join('') ?? '';
    const fire = /`(tagmango-hooks sandbox fire [^`]*)`/.exec(after)?.[1];
    expect(fire).toBeDefined();
    const script = (block ?? 'exit 9').replace(/^kill /m, `${fire ?? ''} > "$TAGMANGO_HOOKS_HOME/fire.out" || true\nkill `);
    const { code, stdout } = await runShell(`${script}\ncat "$TAGMANGO_HOOKS_HOME/fire.out"`);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Fired course\.completed\.100 \(course 634fc35ddaf58580e2418c40\) at the sandbox on port \d+\./m);
    // No receiver listens in the test, so the delivery itself may fail; the row shows the registration was matched.
    expect(stdout).toMatch(/^. http:\/\/127\.0\.0\.1:4020\/hook: /m);
  });
});
