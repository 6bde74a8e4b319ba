import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { tempHome } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';

// A dry run of the deprecated event prints a warning on stderr and the plan on stdout; nothing is sent.
const ARGS = ['subscribe', 'https://hooks.example.com/tm', '--event', 'course.completed', '--dry-run'];
const ESC = '\u001b[';
const home = tempHome();
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('colour on the terminal', () => {
  it.each([
    ['stderr a TTY', { stderrTTY: true }, [], true],
    ['stderr a TTY, NO_COLOR', { stderrTTY: true, env: { NO_COLOR: '1' } }, [], false],
    ['stderr a TTY, TERM=dumb', { stderrTTY: true, env: { TERM: 'dumb' } }, [], false],
    ['stderr a TTY, --no-color', { stderrTTY: true }, ['--no-color'], false],
    ['not a TTY', { stderrTTY: false }, [], false],
    ['not a TTY, FORCE_COLOR=1', { stderrTTY: false, env: { FORCE_COLOR: '1' } }, [], true],
    ['not a TTY, FORCE_COLOR=1 and NO_COLOR=1', { stderrTTY: false, env: { FORCE_COLOR: '1', NO_COLOR: '1' } }, [], false],
  ] as const)('%s', async (_name, options, flags, coloured) => {
    const env = { TAGMANGO_HOOKS_HOME: home, ...('env' in options ? options.env : {}) };
    const result = await runInProcess([...ARGS, ...flags], { stderrTTY: options.stderrTTY, env });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('course.completed is deprecated');
    if (coloured) expect(result.stderr).toContain(`${ESC}33mwarning:${ESC}39m`);
    else expect(result.stderr).not.toContain(ESC);
    expect(result.stdout).not.toContain(ESC); // the plan is plain text, never painted
  });
});
