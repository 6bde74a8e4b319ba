import { PassThrough } from 'node:stream';
import type { CommandUnknownOpts as Command } from '@commander-js/extra-typings';
import { describe, expect, it } from 'vitest';
import { SCOPE_KEYS } from '../../src/catalogue/events.js';
import { UsageError } from '../../src/errors.js';
import { describeProgram } from '../../src/help/describe-program.js';
import { flattenCommands } from '../../src/help/command-tree.js';
import type { Deps } from '../../src/deps.js';
import { buildProgram } from '../../src/program.js';
import { MemoryStream } from '../helpers/in-process.js';

/** Parse argv with the real program; return the path and options of the command whose action ran (nothing runs). */
async function parse(argv: string[]): Promise<{ path: string; options: Record<string, unknown>; globals: Record<string, unknown> }> {
  const deps = { streams: { stdout: new MemoryStream(), stderr: new MemoryStream(), stdin: new PassThrough() }, env: {}, cwd: '/', now: () => new Date(0), sleep: async () => undefined, random: () => 0.5 } satisfies Deps;
  let seen: Command | undefined;
  const program = buildProgram(deps, async (command) => {
    seen = command;
  });
  await program.parseAsync(argv, { from: 'user' });
  if (!seen) throw new Error('no action ran');
  const names: string[] = [];
  for (let c: Command | null = seen; c?.parent; c = c.parent) names.unshift(c.name());
  return { path: names.join(' '), options: seen.opts(), globals: seen.optsWithGlobals() };
}

describe('argv parsing (no command runs)', () => {
  it('global options still work after a subcommand', async () => {
    const parsed = await parse(['sandbox', 'fire', 'user.deleted', '--json', '--timeout', '500']);
    expect(parsed.globals).toMatchObject({ json: true, timeout: 500 });
  });

  it('numbers arrive as numbers, with their defaults', async () => {
    expect((await parse(['subscribe', 'https://h.example.com/a'])).options).toMatchObject({ concurrency: 8, event: 'course.completed.100' });
    expect((await parse(['migrate', '--concurrency', '3'])).options.concurrency).toBe(3);
    expect((await parse(['listen'])).options.port).toBe(4020);
  });

  it('a bad number is refused while parsing, as a usage error naming the option', async () => {
    const error = await parse(['subscribe', 'https://h.example.com/a', '--concurrency', '0']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe('Invalid value "0" for --concurrency.');
  });

  it('scope options are the catalogue\'s scope keys, repeatable, commas splitting', async () => {
    const parsed = await parse(['subscribe', 'https://h.example.com/a', '--course', 'a,b', '--course', 'c']);
    expect(parsed.options.course).toEqual(['a', 'b', 'c']);
    const subscribe = flattenCommands(describeProgram()).find((c) => c.path.join(' ') === 'subscribe');
    const fire = flattenCommands(describeProgram()).find((c) => c.path.join(' ') === 'sandbox fire');
    for (const spec of [subscribe, fire]) {
      expect(spec?.options.filter((o) => o.kind === 'id').map((o) => o.long)).toEqual(SCOPE_KEYS.map((key) => `--${key}`));
    }
  });

  it('every option that takes a value declares its kind where completion could help (events, files)', () => {
    const all = flattenCommands(describeProgram()).flatMap((c) => c.options.map((o) => [o.long, o.kind] as const));
    const kinds = new Map(all);
    expect(kinds.get('--event')).toBe('event');
    expect(['--from-file', '--data', '--state', '--registry'].map((long) => kinds.get(long))).toEqual(['file', 'file', 'file', 'file']);
    expect(['--to', '--hook-url', '--forward-to', '--api-url'].map((long) => kinds.get(long))).toEqual(['url', 'url', 'url', 'url']);
  });
});
