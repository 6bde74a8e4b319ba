import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EVENTS } from '../src/catalogue/events.js';
import { isEventArgument, isEventOption } from '../src/completion/completion-model.js';
import { flattenCommands } from '../src/help/command-tree.js';
import { describeProgram } from '../src/help/describe-program.js';
import { baseEnv, runCli, tempHome } from './helpers/cli.js';
import { runInProcess } from './helpers/in-process.js';

/** Whether a shell is on PATH. */
function hasShell(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

const program = describeProgram();
const courseEvents = EVENTS.map((e) => e.name).filter((n) => n.startsWith('course.completed.'));
let scriptFile = '';

/** Drive the generated bash completion function with COMP_WORDS and return COMPREPLY. */
function complete(...words: string[]): string[] {
  const quoted = words.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ');
  const body = `source '${scriptFile}'
COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}
_tagmango_hooks
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const result = spawnSync('bash', ['--norc', '--noprofile', '-c', body], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout.split('\n').filter(Boolean).sort();
}

describe('completion bash', () => {
  beforeAll(async () => {
    const home = tempHome();
    const result = await runCli(['completion', 'bash'], { env: baseEnv(home) });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    scriptFile = path.join(home, 'tagmango-hooks.bash');
    fs.writeFileSync(scriptFile, result.stdout);
  });

  it('loads in bash and registers a completion for tagmango-hooks', () => {
    const result = spawnSync('bash', ['--norc', '--noprofile', '-c', `source '${scriptFile}' && complete -p tagmango-hooks`], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe('complete -F _tagmango_hooks tagmango-hooks');
  });

  it('leaves no variables behind in the user\'s shell after completing', () => {
    const body = `source '${scriptFile}'; COMP_WORDS=(tagmango-hooks config s); COMP_CWORD=2; _tagmango_hooks
declare -p tmh_commands tmh_options cmd_path cur prev 2>/dev/null; echo "reply=\${COMPREPLY[*]}"`;
    const result = spawnSync('bash', ['--norc', '--noprofile', '-c', body], { encoding: 'utf8' });
    expect(result.stdout.trim()).toBe('reply=set');
  });

  it('completes a command prefix: sub -> subscribe', () => {
    expect(complete('tagmango-hooks', 'sub')).toEqual(['subscribe']);
  });

  it('completes course.completed. to the course events after --event, also with = and global options first', () => {
    expect(complete('tagmango-hooks', 'subscribe', '--event', 'course.completed.')).toEqual([...courseEvents].sort());
    expect(complete('tagmango-hooks', '--profile', 'ci', 'subscribe', '--event', '=', 'course.completed.')).toEqual([...courseEvents].sort());
    expect(courseEvents.length).toBeGreaterThanOrEqual(3);
  });

  it('offers every top-level command of the program, and subcommands below a command', () => {
    const names = program.subcommands.map((c) => c.name).sort();
    expect(complete('tagmango-hooks', '')).toEqual(names);
    const config = program.subcommands.find((c) => c.name === 'config');
    expect(complete('tagmango-hooks', 'config', '')).toEqual(config?.subcommands.map((c) => c.name).sort());
    expect(complete('tagmango-hooks', 'help', 'subs')).toEqual(['subscribe']);
  });

  it('completes the options of the command in use, including inherited global ones, and skips option values', () => {
    expect(complete('tagmango-hooks', 'subscribe', '--con')).toEqual(['--concurrency']);
    expect(complete('tagmango-hooks', 'subscribe', '--registry', 'x.json', '--dry')).toEqual(['--dry-run']);
    expect(complete('tagmango-hooks', 'whoami', '--js')).toEqual(['--json']);
    expect(complete('tagmango-hooks', 'whoami', '--con')).toEqual([]);
  });

  it('completes event names for every event option and event argument the program defines', () => {
    const all = EVENTS.map((e) => e.name).sort();
    let checked = 0;
    for (const command of flattenCommands(program)) {
      for (const option of command.options.filter((o) => o.takesValue && isEventOption(o))) {
        expect(complete('tagmango-hooks', ...command.path, option.long ?? '', '')).toEqual(all);
        checked += 1;
      }
      const position = command.arguments.findIndex((a) => isEventArgument(a.name));
      if (position >= 0 && command.subcommands.length === 0) {
        const before = command.arguments.slice(0, position).map((_, i) => `arg${i}`);
        expect(complete('tagmango-hooks', ...command.path, ...before, 'course.completed.')).toEqual([...courseEvents].sort());
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(1);
  });
});

describe('completion zsh and fish', () => {
  it('prints scripts naming every command and event', async () => {
    for (const shell of ['zsh', 'fish']) {
      const result = await runInProcess(['completion', shell]);
      expect(result.code).toBe(0);
      for (const command of program.subcommands) expect(result.stdout).toContain(command.name);
      for (const event of EVENTS) expect(result.stdout).toContain(event.name);
    }
  });

  it.skipIf(!hasShell('zsh'))('zsh parses the script (skipped: zsh is not installed)', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tmh-zsh-')), 'completion.zsh');
    fs.writeFileSync(file, (await runInProcess(['completion', 'zsh'])).stdout);
    expect(spawnSync('zsh', ['-n', file], { encoding: 'utf8' }).status).toBe(0);
  });

  it.skipIf(!hasShell('fish'))('fish parses the script (skipped: fish is not installed)', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tmh-fish-')), 'completion.fish');
    fs.writeFileSync(file, (await runInProcess(['completion', 'fish'])).stdout);
    expect(spawnSync('fish', ['--no-execute', file], { encoding: 'utf8' }).status).toBe(0);
  });
});

describe('completion input', () => {
  it('rejects an unknown shell with exit 2 and names the choices', async () => {
    const result = await runInProcess(['completion', 'tcsh']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/Unknown shell "tcsh"/);
    expect(result.stderr).toMatch(/bash, zsh, fish/);
  });

  it('puts the script in the JSON document with --json', async () => {
    const result = await runInProcess(['completion', 'bash', '--json']);
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout) as { ok: boolean; shell: string; script: string };
    expect(document.ok).toBe(true);
    expect(document.shell).toBe('bash');
    expect(document.script).toContain('complete -F _tagmango_hooks tagmango-hooks');
  });
});
