import { describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/in-process.js';

describe('command help', () => {
  it.each(['subscribe', 'migrate', 'whoami'])('help %s shows the global options', async (command) => {
    const result = await runInProcess(['help', command]);
    expect(result.code).toBe(0);
    for (const option of ['--json', '--api-url <url>', '--timeout <ms>', '--retries <n>', '--profile <name>']) expect(result.stdout).toContain(option);
  });

  it('shows every default the same way, unquoted', async () => {
    const texts = await Promise.all(['subscribe', 'migrate'].map(async (c) => (await runInProcess(['help', c])).stdout));
    const all = texts.join('\n');
    expect(all).toMatch(/\(default: 8\)/);
    expect(all).toMatch(/\(default:\s+30000\)/);
    expect(all).not.toMatch(/\(default:\s+"/);
  });
});
