import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AS_TAGMANGO, startFakeTagMango, type FakeTagMango } from '../helpers/fake-tagmango.js';
import { baseEnv, tempHome } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';
import { record, writeRegistry } from '../helpers/registry.js';

const KEY = 'tm_live_long0000000000000000KEY7';
const HOOK = 'https://hooks.example.com/long';

let fake: FakeTagMango;
let home: string;

/** `count` distinct 24-hex course ids, in order. */
const courseIds = (count: number): string[] => Array.from({ length: count }, (_, i) => i.toString(16).padStart(24, '0'));
/** Report lines of one status. */
const rowsOf = (stdout: string, status: string): string[] => stdout.split('\n').filter((l) => l.startsWith(`${status} `));

beforeEach(async () => {
  home = tempHome();
  // Courses 15 and 33 fail; the rest are created.
  const failing = new Set([courseIds(40)[15], courseIds(40)[33]]);
  fake = await startFakeTagMango({
    apiKey: KEY,
    route: (request) => (failing.has((request.json as { course?: string }).course) ? { status: 500, body: { message: 'boom', success: false } } : AS_TAGMANGO),
  });
});

afterEach(async () => {
  await fake.close();
  fs.rmSync(home, { recursive: true, force: true });
});

const env = (): Record<string, string | undefined> => baseEnv(home, { TAGMANGO_API_URL: fake.url, TAGMANGO_API_KEY: KEY, NO_COLOR: '1' });

describe('long reports on a terminal', () => {
  it('subscribe on a TTY: the first 10 rows, every failed one, how to see all, and the summary', async () => {
    const result = await runInProcess(['subscribe', HOOK, '--course', courseIds(40).join(',')], { env: env(), stdoutTTY: true });
    expect(result.code).toBe(4);
    expect(rowsOf(result.stdout, 'created')).toHaveLength(10);
    const failed = rowsOf(result.stdout, 'failed');
    expect(failed).toHaveLength(2);
    expect(failed[0]).toContain(courseIds(40)[15]);
    expect(failed[1]).toContain(courseIds(40)[33]);
    expect(result.stdout).toMatch(/\.\.\. 28 more not shown: .* All of them: tagmango-hooks list, or rerun with --json\./);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toMatch(/38 created, 2 failed/);
  });

  it('piped, the same run prints every row; with --json the document has every row', async () => {
    const piped = await runInProcess(['subscribe', HOOK, '--course', courseIds(40).join(',')], { env: env() });
    expect(rowsOf(piped.stdout, 'created')).toHaveLength(38);
    expect(rowsOf(piped.stdout, 'failed')).toHaveLength(2);
    expect(piped.stdout).not.toContain('more not shown');
  });

  it('--json on a TTY stays complete', async () => {
    const result = await runInProcess(['subscribe', HOOK, '--course', courseIds(40).join(','), '--json'], { env: env(), stdoutTTY: true });
    expect((JSON.parse(result.stdout) as { results: unknown[] }).results).toHaveLength(40);
  });

  it('20 rows are short enough to print in full on a TTY', async () => {
    const result = await runInProcess(['subscribe', HOOK, '--course', courseIds(20).join(',')], { env: env(), stdoutTTY: true });
    expect(rowsOf(result.stdout, 'created')).toHaveLength(19);
    expect(rowsOf(result.stdout, 'failed')).toHaveLength(1);
    expect(result.stdout).not.toContain('more not shown');
  });

  it('migrate on a TTY: the plan lists the first 10 pairs and points at --dry-run; --dry-run lists every pair', async () => {
    writeRegistry(home, Array.from({ length: 30 }, (_, i) => record(fake.url, i + 1)));
    const dry = await runInProcess(['migrate', '--dry-run'], { env: env(), stdoutTTY: true, stderrTTY: true });
    expect(dry.stdout.split('\n').filter((l) => l.includes(' -> '))).toHaveLength(30);
    expect(rowsOf(dry.stdout, 'planned')).toHaveLength(30);

    const result = await runInProcess(['migrate', '--yes'], { env: env(), stdoutTTY: true, stderrTTY: true });
    const planLines = result.stderr.split('\n').filter((l) => l.includes(' -> '));
    expect(planLines).toHaveLength(10);
    expect(result.stderr).toContain('... and 20 more (the first 10 are listed). Every pair: tagmango-hooks migrate --dry-run (or --json).');
    expect(result.stdout).toMatch(/\.\.\. \d+ more not shown: .* All of them: tagmango-hooks list --all, or rerun with --json\./);
  });
});
