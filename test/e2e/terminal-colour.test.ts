import { describe, expect, it } from 'vitest';
import { baseEnv, runCli } from '../helpers/cli.js';
import { perTestFakeAndHome } from '../helpers/per-test.js';

const KEY = 'tm_colour_key_0123456789abcdef';
const ESC = '\u001b[';

const t = perTestFakeAndHome({ apiKey: KEY });

// The result rows are painted (created in green) and the deprecation warning in yellow when colour is on.
const run = (env: Record<string, string>, flags: string[] = []) => {
  t.fake.expect(1);
  return runCli(['subscribe', 'https://hooks.example.com/tm', '--event', 'course.completed', ...flags], {
    env: baseEnv(t.home, { TAGMANGO_API_KEY: KEY, TAGMANGO_API_URL: t.fake.url, ...env }),
  });
};

describe('colour from the spawned binary (pipes, not a TTY)', () => {
  it.each([
    ['no colour variables', {}, [], false],
    ['FORCE_COLOR=1', { FORCE_COLOR: '1' }, [], true],
    ['FORCE_COLOR=1 with NO_COLOR=1', { FORCE_COLOR: '1', NO_COLOR: '1' }, [], false],
    ['FORCE_COLOR=1 with --no-color', { FORCE_COLOR: '1' }, ['--no-color'], false],
    ['TERM=dumb', { TERM: 'dumb' }, [], false],
  ] as const)('%s', async (_name, env, flags, coloured) => {
    const result = await run(env, [...flags]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/created/);
    expect(result.stderr).toMatch(/deprecated/);
    expect(result.stdout.includes(ESC)).toBe(coloured);
    expect(result.stderr.includes(ESC)).toBe(coloured);
  });
});
