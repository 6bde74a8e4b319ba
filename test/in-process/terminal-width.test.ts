import { describe, expect, it } from 'vitest';
import { flattenCommands } from '../../src/help/command-tree.js';
import { describeProgram } from '../../src/help/describe-program.js';
import { baseEnv } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';
import { perTestFakeAndHome } from '../helpers/per-test.js';
import { courseId, record, writeRegistry } from '../helpers/registry.js';

const KEY = 'tm_live_width000000000000000KEY7';
const LONG_HOOK = `https://receiver.hooks.example.com/tagmango/${'deliveries/'.repeat(6)}end?event={event}&course={course}`;

const t = perTestFakeAndHome({ apiKey: KEY });
const env = (): Record<string, string | undefined> => baseEnv(t.home, { TAGMANGO_API_URL: t.fake.url, TAGMANGO_API_KEY: KEY, NO_COLOR: '1' });
/** The widest line of a text, in columns (every character here is one column wide). */
const widest = (text: string): number => Math.max(0, ...text.split('\n').map((line) => [...line].length));
const onTerminal = (columns: number) => ({ env: env(), stdoutTTY: true, stderrTTY: true, columns });

describe.each([80, 40])('on a terminal of %i columns', (columns) => {
  it('subscribe: rows, the detail below them and the summary fit; the hook URL is shortened in the middle', async () => {
    t.fake.reply({ status: 201, body: {} }, { status: 500, body: { message: 'Internal error while saving the webhook configuration' } });
    const result = await runInProcess(['subscribe', LONG_HOOK, '--course', `${courseId(1)},${courseId(2)}`, '--concurrency', '1'], onTerminal(columns));
    expect(result.code).toBe(4);
    expect(widest(result.stdout)).toBeLessThanOrEqual(columns);
    expect(widest(result.stderr)).toBeLessThanOrEqual(columns);
    expect(result.stdout).toMatch(/^created /m);
    expect(result.stdout).toMatch(/https:\/\/rece.*\.\.\..*e2400001$/m);
    expect(result.stdout).toMatch(/^ {4}TagMango failed with 500/m);
    expect(result.stdout).toContain('634fc35ddaf58580e2400002');
  });

  it('list: the table (or, when too narrow for it, one block per record) fits', async () => {
    writeRegistry(t.home, [record(t.fake.url, 1, { hookUrl: LONG_HOOK }), record(t.fake.url, 2)]);
    const result = await runInProcess(['list'], onTerminal(columns));
    expect(result.code).toBe(0);
    expect(widest(result.stdout)).toBeLessThanOrEqual(columns);
    expect(result.stdout).toContain('wh_00000001');
    expect(result.stdout).toContain('https://hooks.example.com/tm');
    expect(result.stdout).toMatch(/https:\/\/rece.*\.\.\..*course=\{course\}$/m);
  });

  it('migrate: the plan, the rows and the reminder fit', async () => {
    writeRegistry(t.home, [record(t.fake.url, 1, { hookUrl: LONG_HOOK.replace('?event={event}&course={course}', '') })]);
    t.fake.expect(1);
    const result = await runInProcess(['migrate', '--yes'], onTerminal(columns));
    expect(result.code).toBe(0);
    expect(widest(result.stdout)).toBeLessThanOrEqual(columns);
    expect(widest(result.stderr)).toBeLessThanOrEqual(columns);
    expect(result.stdout).toMatch(/^created /m);
  });

  it('--help fits, and its examples still read as one command', async () => {
    const result = await runInProcess(['subscribe', '--help'], onTerminal(columns));
    expect(widest(result.stdout)).toBeLessThanOrEqual(columns);
    const joined = result.stdout.replace(/ \\\n\s*/g, ' ');
    expect(joined).toContain('$ tagmango-hooks subscribe https://hooks.example.com/tagmango --course 634fc35ddaf58580e2418c40');
  });
});

describe.each([80, 40])('every --help on a terminal of %i columns', (columns) => {
  it('fits, for the program and each command', async () => {
    const program = describeProgram();
    const paths = flattenCommands(program).filter((c) => !c.builtInHelp).map((c) => c.path);
    expect(paths.length).toBeGreaterThan(15);
    for (const path of paths) {
      const result = await runInProcess([...path, '--help'], { stdoutTTY: true, columns });
      expect(result.code).toBe(0);
      for (const line of result.stdout.split('\n')) expect([...line].length, `${path.join(' ')} --help: ${line}`).toBeLessThanOrEqual(columns);
    }
  });
});

describe('piped', () => {
  it('keeps whole values however wide', async () => {
    writeRegistry(t.home, [record(t.fake.url, 1, { hookUrl: LONG_HOOK })]);
    const result = await runInProcess(['list'], { env: env(), columns: 40 });
    expect(result.stdout).toContain(LONG_HOOK);
  });
});
