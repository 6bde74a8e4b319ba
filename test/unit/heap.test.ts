import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli.js';
import type { Deps } from '../../src/deps.js';
import { MemoryStream } from '../helpers/in-process.js';

const flags = vi.hoisted(() => ({ set: [] as string[], refuse: false }));
vi.mock('node:v8', async (original) => ({
  ...(await original<typeof import('node:v8')>()),
  setFlagsFromString: (flag: string) => {
    if (flags.refuse) throw new Error('flags are frozen');
    flags.set.push(flag);
  },
}));

function deps(tuneProcess: () => Promise<void>): Deps {
  return {
    streams: { stdout: new MemoryStream(), stderr: new MemoryStream(), stdin: new PassThrough() },
    env: {},
    cwd: process.cwd(),
    now: () => new Date(),
    sleep: async () => undefined,
    random: () => 0.5,
    tuneProcess,
  };
}

describe('the heap of a run', () => {
  it('is tuned once before a command runs, never for --version or --help alone', async () => {
    const tune = vi.fn(async () => undefined);
    expect(await run(['--version'], deps(tune))).toBe(0);
    expect(await run(['--help'], deps(tune))).toBe(0);
    expect(tune).not.toHaveBeenCalled();
    expect(await run(['events', '--json'], deps(tune))).toBe(0);
    expect(tune).toHaveBeenCalledTimes(1);
  });

  it('grows by at most half the live data unless Node was given its own growth, and a Node that refuses the flag runs on with the default', async () => {
    const { boundHeapGrowth, HEAP_GROWTH_PERCENT } = await import('../../src/heap.js');
    await boundHeapGrowth();
    expect(flags.set).toEqual([`--heap-growing-percent=${HEAP_GROWTH_PERCENT}`]);
    expect(HEAP_GROWTH_PERCENT).toBe(50);
    await boundHeapGrowth(['--require', 'x.cjs', '--heap-growing-percent=20']);
    await boundHeapGrowth(['--heap_growing_percent']);
    expect(flags.set).toHaveLength(1);
    flags.refuse = true;
    await expect(boundHeapGrowth()).resolves.toBeUndefined();
  });
});
