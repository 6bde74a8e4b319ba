import { describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/in-process.js';

describe('an option that takes no value, given one', () => {
  it.each(['--json=x', '--api-key-stdin=tm_secret_value_123'])('%s says the option takes no value, without echoing the value', async (arg) => {
    const result = await runInProcess(['whoami', arg]);
    const flag = arg.split('=')[0] as string;
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error: ${flag} takes no value.`);
    expect(result.stderr).not.toContain('Unknown option');
    expect(result.stderr).not.toContain(arg.split('=')[1] as string);
  });

  it('a truly unknown --name=value is still unknown, named without its value', async () => {
    const result = await runInProcess(['whoami', '--nope=secret']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown option '--nope'");
    expect(result.stderr).not.toContain('secret');
  });
});

describe('commander parse errors, told apart by their code', () => {
  it.each([
    [['whoami', 'extra'], "Too many arguments for 'whoami'. Expected 0 arguments but got 1."],
    [['forget'], "Missing required argument 'id'."],
    [['config', 'nope'], "Unknown command 'nope'."],
    [['trigger'], "Required option '--to <url>' not specified."],
    [['list', '--jsn'], "Unknown option '--jsn'."],
    [['sandbox', 'fire', '--port'], "Option '--port <n>' argument missing."],
  ])('%j says %s, exit 2', async (argv, sentence) => {
    const result = await runInProcess([...argv, '--json']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).error).toMatchObject({ code: 'USAGE', message: sentence, exitCode: 2 });
  });

  it('a switch of another command given a value is unknown here, not "takes no value"', async () => {
    const result = await runInProcess(['whoami', '--dry-run=yes']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("error: Unknown option '--dry-run'.\nSee: tagmango-hooks whoami --help\n");
  });

  it('an unknown subcommand is suggested from the parent command', async () => {
    const result = await runInProcess(['config', 'lst']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("error: Unknown command 'lst'.\nDid you mean list? See: tagmango-hooks config --help\n");
  });
});
