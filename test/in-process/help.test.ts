import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/program.js';
import type { Deps } from '../../src/deps.js';
import { flattenCommands } from '../../src/help/command-tree.js';
import { describeProgram } from '../../src/help/describe-program.js';
import { baseEnv, tempHome } from '../helpers/cli.js';
import { runCliInProcess } from '../helpers/in-process.js';

const program = describeProgram();
const commands = flattenCommands(program).filter((c) => !c.builtInHelp);
const title = (path: readonly string[]): string => ['tagmango-hooks', ...path].join(' ');

/** Split a simple shell command line into words (quotes honoured); null when it uses pipes, redirects or substitutions. */
function shellWords(line: string): string[] | null {
  if (/[|<>;&`]|\$\(/.test(line)) return null;
  const words = line.match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
  return words.map((w) => w.replace(/^["'](.*)["']$/, '$1'));
}

/** Parse argv with the real program and actions that do nothing; resolves to the parse error, if any. */
async function parseError(argv: string[]): Promise<unknown> {
  const sink = new PassThrough();
  const deps: Deps = { streams: { stdout: sink, stderr: sink, stdin: sink }, env: {}, cwd: '/', now: () => new Date(0), sleep: async () => undefined, random: () => 0 };
  try {
    await buildProgram(deps, async () => undefined).parseAsync(argv, { from: 'user' });
    return undefined;
  } catch (error) {
    return (error as { exitCode?: number }).exitCode === 0 ? undefined : error;
  }
}

describe('every command is documented in its own --help', () => {
  it('walks more than the root (the program has commands)', () => {
    expect(commands.length).toBeGreaterThan(5);
  });

  it.each(commands.map((c) => [title(c.path), c] as const))('%s has a one-line description', (_name, command) => {
    expect(command.description.trim()).not.toBe('');
    expect(command.description).not.toContain('\n');
    expect(command.description.length, 'a summary that fits one line').toBeLessThanOrEqual(120);
    const flat = (text: string): string => text.replace(/\s+/g, ' ');
    expect(flat(command.help)).toContain(flat(command.description));
  });

  it.each(commands.map((c) => [title(c.path), c] as const))('%s lists each flag once, its own options and the global ones together', (_name, command) => {
    const flags = [...command.help.matchAll(/^ {2}(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1]);
    expect(flags.length).toBeGreaterThan(0);
    expect(flags.filter((flag, i) => flags.indexOf(flag) !== i)).toEqual([]);
  });

  it.each(commands.map((c) => [title(c.path), c] as const))('%s has at least one example that runs it', (name, command) => {
    expect(command.examples.length, `${name} needs examples(...) in its --help`).toBeGreaterThan(0);
    expect(command.examples.some((line) => line.includes(name)), `an example of ${name} should run "${name}"`).toBe(true);
  });

  it.each(commands.map((c) => [title(c.path), c] as const))('%s: every plain example parses with the real program', async (_name, command) => {
    for (const line of command.examples) {
      const words = shellWords(line);
      if (!words || words[0] !== 'tagmango-hooks') continue;
      expect(await parseError(words.slice(1)), `example does not parse: ${line}`).toBeUndefined();
    }
  });

  it('shows defaults of options that have them', () => {
    const subscribe = commands.find((c) => c.path.join(' ') === 'subscribe');
    expect(subscribe?.help).toMatch(/--concurrency <n>\s+registrations in flight at once \(default: 8\)/);
    expect(subscribe?.help).toMatch(/--event <type>.*\(default: course\.completed\.100\)/);
    for (const command of commands) {
      for (const option of command.options.filter((o) => o.defaultValue !== undefined && o.takesValue)) {
        expect(command.help, `${title(command.path)} ${option.flags}`).toContain(`(default: ${String(option.defaultValue)})`);
      }
    }
  });
});

describe('help and suggestions', () => {
  it('help <command> prints that command\'s help with examples, exit 0', async () => {
    const home = tempHome();
    const result = await runCliInProcess(['help', 'subscribe'], { env: baseEnv(home) });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: tagmango-hooks subscribe \[options\] \[hookUrl\]/);
    expect(result.stdout).toContain('Examples:\n  $ tagmango-hooks subscribe ');
    const viaFlag = await runCliInProcess(['subscribe', '--help'], { env: baseEnv(home) });
    expect(viaFlag.stdout).toBe(result.stdout);
  });

  it('an unknown command suggests the nearest one, exit 2, nothing on stdout', async () => {
    const result = await runCliInProcess(['subscrib', 'https://hooks.example.com/x'], { env: baseEnv(tempHome()) });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/unknown command 'subscrib'/i);
    expect(result.stderr).toMatch(/Did you mean subscribe\?/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('help <unknown> is an error naming it and the nearest command, exit 2; --json gets the error document', async () => {
    const result = await runCliInProcess(['help', 'subscrib'], { env: baseEnv(tempHome()) });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("error: Unknown command 'subscrib'.\nDid you mean subscribe? See: tagmango-hooks --help\n");
    const json = await runCliInProcess(['--profile', 'help', '--json', 'help', 'zzz'], { env: baseEnv(tempHome()) });
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { code: 'USAGE', message: "Unknown command 'zzz'.", exitCode: 2 } });
  });

  it('an unknown option suggests the nearest one', async () => {
    const result = await runCliInProcess(['subscribe', '--dryrun'], { env: baseEnv(tempHome()) });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Did you mean --dry-run\?/);
  });

  it('--api-key=<key> is refused without echoing the key, and says how to pass one', async () => {
    const key = 'tm_guessed_flag_key_0123456789';
    const result = await runCliInProcess(['subscribe', 'https://hooks.example.com/x', `--api-key=${key}`], { env: baseEnv(tempHome()) });
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain(key);
    expect(result.stderr).not.toContain('6789');
    expect(result.stderr).toMatch(/^error: Unknown option '--api-key'\.\nThere is no flag that takes the key .*TAGMANGO_API_KEY.*--api-key-stdin.*tagmango-hooks login\n$/);
    const json = await runCliInProcess(['--json', 'whoami', `--token=${key}`], { env: baseEnv(tempHome()) });
    expect(json.code).toBe(2);
    expect(json.stdout).not.toContain(key);
    expect(JSON.parse(json.stdout).error.message).toBe("Unknown option '--token'.");
  });
});
