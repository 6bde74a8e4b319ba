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
