import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { EVENTS } from '../../src/catalogue/events.js';
import { HELP_OPTION, isEventArgument, isEventOption, valueKind } from '../../src/completion/completion-model.js';
import { flattenCommands } from '../../src/help/command-tree.js';
import { describeProgram } from '../../src/help/describe-program.js';
import { BIN, baseEnv, tempHome } from '../helpers/cli.js';
import { record, writeRegistry } from '../helpers/registry.js';
import { runCliInProcess, runInProcess } from '../helpers/in-process.js';

/** Whether a shell is on PATH. */
function hasShell(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

/** Skip a shell's tests only outside CI: .ci/run installs zsh and fish, so in CI a missing shell fails. */
const missing = (shell: string): boolean => !hasShell(shell) && !process.env.CI;
const ZSH_DRIVER = fileURLToPath(new URL('../helpers/zsh-complete.zsh', import.meta.url));

/** A folder holding one file, to see whether a completion offers file names there. */
function folderWithAFile(): string {
  const dir = tempHome();
  fs.writeFileSync(path.join(dir, 'hooks.csv'), 'hookUrl\n');
  return dir;
}

/** What real zsh offers after typing `line` and TAB, and what its terminal showed. */
function zshComplete(script: string, line: string, cwd: string): { matches: string[]; screen: string } {
  const out = path.join(tempHome(), 'matches');
  const result = spawnSync('zsh', ['-f', ZSH_DRIVER, out, script, line], { cwd, encoding: 'utf8', timeout: 20_000, env: { PATH: process.env.PATH, HOME: cwd, TERM: 'xterm' } });
  expect(result.status, result.stderr).toBe(0);
  const matches = fs.existsSync(out) ? fs.readFileSync(out, 'utf8').split('\n').filter(Boolean) : [];
  const screen = fs.readFileSync(`${out}.screen`, 'utf8').replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  return { matches: [...new Set(matches)].sort(), screen };
}

/** What fish offers for `line` (complete -C), as "word<TAB>description" lines. */
function fishComplete(script: string, line: string, cwd: string): string[] {
  const result = spawnSync('fish', ['--no-config', '-c', `source ${script}; complete -C ${JSON.stringify(line)}`], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: cwd } });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.split('\n').filter(Boolean).sort();
}

const program = describeProgram();
const courseEvents = EVENTS.map((e) => e.name).filter((n) => n.startsWith('course.completed.'));
let scriptFile = '';

/** Drive the generated bash completion function with COMP_WORDS and return COMPREPLY. */
function complete(...words: string[]): string[] {
  return completeIn(process.cwd(), ...words);
}

/** `complete`, with bash started in `cwd` (what file names it offers depends on it). */
function completeIn(cwd: string, ...words: string[]): string[] {
  const quoted = words.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ');
  const body = `source '${scriptFile}'
COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}
_tagmango_hooks
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const result = spawnSync('bash', ['--norc', '--noprofile', '-c', body], { cwd, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout.split('\n').filter(Boolean).sort();
}

describe('completion bash', () => {
  beforeAll(async () => {
    const home = tempHome();
    const result = await runCliInProcess(['completion', 'bash'], { env: baseEnv(home) });
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

  it('completes file names only for options whose value is a file: --registry yes, listen --path (an HTTP path) no', () => {
    const cwd = folderWithAFile();
    expect(completeIn(cwd, 'tagmango-hooks', 'subscribe', '--registry', '')).toEqual(['hooks.csv']);
    expect(completeIn(cwd, 'tagmango-hooks', 'subscribe', '--from-file', '')).toEqual(['hooks.csv']);
    expect(completeIn(cwd, 'tagmango-hooks', 'listen', '--path', '')).toEqual([]);
    expect(completeIn(cwd, 'tagmango-hooks', '--profile', '')).toEqual([]);
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
      const position = command.arguments.findIndex((a) => isEventArgument(a));
      if (position >= 0 && command.subcommands.length === 0) {
        const before = command.arguments.slice(0, position).map((_, i) => `arg${i}`);
        expect(complete('tagmango-hooks', ...command.path, ...before, 'course.completed.')).toEqual([...courseEvents].sort());
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(1);
  });
});

/**
 * A home with two stored profiles and two records of the default profile, and a PATH whose
 * `tagmango-hooks` is this build: what the scripts ask for profile names and registry ids.
 */
function homeWithWords(): { env: NodeJS.ProcessEnv; ids: string[] } {
  const home = tempHome();
  fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ profiles: { default: { apiKey: 'tm_live_completion0000KEY1' }, staging: {} } }));
  const records = [record('https://api-prod-new.tagmango.com', 1), record('https://api-prod-new.tagmango.com', 2, { status: 'unknown' })];
  writeRegistry(home, records);
  const bin = path.join(home, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'tagmango-hooks'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
  return { env: { PATH: `${bin}:${process.env.PATH}`, HOME: home, TAGMANGO_HOOKS_HOME: home }, ids: records.map((r) => r.id) };
}

describe('completion of names from the user\'s files and of fixed words', () => {
  it('bash: profiles after --profile, registry ids for forget and resolve, config keys, shell names', () => {
    const { env, ids } = homeWithWords();
    const reply = (...words: string[]): string[] => {
      const quoted = words.map((w) => `'${w}'`).join(' ');
      const body = `source '${scriptFile}'\nCOMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}\n_tagmango_hooks\nprintf '%s\\n' "\${COMPREPLY[@]}"`;
      const result = spawnSync('bash', ['--norc', '--noprofile', '-c', body], { encoding: 'utf8', env });
      expect(result.stderr).toBe('');
      return result.stdout.split('\n').filter(Boolean).sort();
    };
    expect(reply('tagmango-hooks', 'list', '--profile', '')).toEqual(['default', 'staging']);
    expect(reply('tagmango-hooks', 'forget', '')).toEqual([...ids].sort());
    expect(reply('tagmango-hooks', 'resolve', ids[0] as string, '')).toEqual([...ids].sort());
    expect(reply('tagmango-hooks', 'config', 'get', '')).toEqual(['api-url', 'retries', 'timeout']);
    expect(reply('tagmango-hooks', 'completion', '')).toEqual(['bash', 'fish', 'zsh']);
  });

  it.skipIf(missing('fish'))('fish: the same words from the same command', async () => {
    const { env, ids } = homeWithWords();
    const script = path.join(env.HOME as string, 'tagmango-hooks.fish');
    fs.writeFileSync(script, (await runCliInProcess(['completion', 'fish'])).stdout);
    const words = (line: string): string[] => {
      const result = spawnSync('fish', ['--no-config', '-c', `source ${script}; complete -C ${JSON.stringify(line)}`], { encoding: 'utf8', env });
      return result.stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[0] as string).sort();
    };
    expect(words('tagmango-hooks list --profile ')).toEqual(['default', 'staging']);
    expect(words('tagmango-hooks forget ')).toEqual([...ids].sort());
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

  it('decides file completion by the value kind, the same for every shell', () => {
    const options = new Map(flattenCommands(program).flatMap((c) => c.options.map((o) => [o.long ?? '', o] as const)));
    const kind = (long: string): string => valueKind(options.get(long) ?? HELP_OPTION);
    expect(['--registry', '--from-file', '--data', '--state'].map(kind)).toEqual(['file', 'file', 'file', 'file']);
    expect(['--path', '--hook-url', '--to'].map(kind)).toEqual(['other', 'other', 'other']);
    expect(kind('--profile')).toBe('profile');
    expect(kind('--event')).toBe('event');
  });
});

describe.skipIf(missing('zsh'))('completion zsh, in a real interactive zsh (skipped outside CI when zsh is missing)', () => {
  let script = '';
  beforeAll(async () => {
    const result = await runInProcess(['completion', 'zsh']);
    expect(result.code).toBe(0);
    script = path.join(tempHome(), '_tagmango-hooks');
    fs.writeFileSync(script, result.stdout);
  });

  it('is a native #compdef script using _arguments, and parses', () => {
    const text = fs.readFileSync(script, 'utf8');
    expect(text.split('\n')[0]).toBe('#compdef tagmango-hooks');
    expect(text).toContain('_arguments');
    expect(text).not.toContain('bashcompinit');
    expect(spawnSync('zsh', ['-n', script], { encoding: 'utf8' }).status).toBe(0);
  });

  it('completes commands with their descriptions', () => {
    const { matches, screen } = zshComplete(script, 'tagmango-hooks lo', folderWithAFile());
    expect(matches).toEqual(['login', 'logout']);
    expect(screen).toContain('Store the TagMango API key for a profile');
  });

  it('completes subcommands, event names after --event, and option names with descriptions', () => {
    const cwd = folderWithAFile();
    expect(zshComplete(script, 'tagmango-hooks config ', cwd).matches).toEqual(['get', 'help', 'list', 'path', 'profiles', 'set', 'unset']);
    expect(zshComplete(script, 'tagmango-hooks subscribe --event course.completed.', cwd).matches).toEqual([...courseEvents].sort());
    const options = zshComplete(script, 'tagmango-hooks listen --fo', cwd);
    expect(options.matches).toEqual(['--forward-to']);
  });

  it('offers file names for --registry but not for listen --path', () => {
    const cwd = folderWithAFile();
    expect(zshComplete(script, 'tagmango-hooks subscribe --registry ', cwd).matches).toEqual(['hooks.csv']);
    expect(zshComplete(script, 'tagmango-hooks listen --path ', cwd).matches).toEqual([]);
  });
});

describe.skipIf(missing('fish'))('completion fish, in a real fish (skipped outside CI when fish is missing)', () => {
  let script = '';
  beforeAll(async () => {
    const result = await runInProcess(['completion', 'fish']);
    expect(result.code).toBe(0);
    script = path.join(tempHome(), 'tagmango-hooks.fish');
    fs.writeFileSync(script, result.stdout);
  });

  it('parses', () => {
    expect(spawnSync('fish', ['--no-execute', script], { encoding: 'utf8' }).status).toBe(0);
  });

  it('completes commands with descriptions and event names after --event', () => {
    const cwd = folderWithAFile();
    expect(fishComplete(script, 'tagmango-hooks lo', cwd)).toEqual([
      'login\tStore the TagMango API key for a profile (hidden prompt on a TTY, else stdin).',
      "logout\tRemove the profile's stored API key (settings are kept).",
    ]);
    const events = fishComplete(script, 'tagmango-hooks subscribe --event course.completed.', cwd);
    expect(events.map((line) => line.split('\t')[0])).toEqual([...courseEvents].sort());
  });

  it('offers file names for --registry but not for listen --path', () => {
    const cwd = folderWithAFile();
    expect(fishComplete(script, 'tagmango-hooks subscribe --registry ', cwd)).toEqual(['hooks.csv']);
    expect(fishComplete(script, 'tagmango-hooks listen --path ', cwd)).toEqual([]);
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
