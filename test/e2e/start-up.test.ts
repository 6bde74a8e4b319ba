import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, baseEnv, runCli, runProcess, tempHome } from '../helpers/cli.js';

const packageVersion = (JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('help and suggestions from the built binary', () => {
  it('--version prints the version in package.json', async () => {
    const result = await runCli(['--version'], { env: baseEnv(tempHome()) });
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(packageVersion);
    expect(packageVersion).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('what the built binary loads', () => {
  /** The bundle files a run loads (through a loader hook), and whether one of them is zod. */
  async function loaded(args: string[], extra: Record<string, string> = {}): Promise<{ files: string[]; zod: boolean }> {
    const home = tempHome();
    const list = path.join(home, 'loaded.txt');
    const hooks = new URL('../helpers/loaded-modules.mjs', import.meta.url).pathname;
    const result = await runProcess(process.execPath, ['--import', hooks, BIN, ...args], { env: { ...baseEnv(home), LOADED_MODULES_FILE: list, TAGMANGO_API_URL: 'http://127.0.0.1:9', TAGMANGO_API_KEY: 'tm_test_000000000000000000KEY1', ...extra } });
    expect(result.code, result.stderr).toBe(0);
    const files = fs.readFileSync(list, 'utf8').split('\n').filter((url) => url.includes('/dist/bundle/'));
    return { files, zod: files.some((url) => fs.readFileSync(new URL(url), 'utf8').includes('$ZodType')) };
  }

  it('leaves zod out of events, of list and whoami over a missing registry, and loads it for one event\'s payload schema', async () => {
    for (const args of [['events'], ['events', '--json'], ['list'], ['list', '--json'], ['whoami']]) {
      expect((await loaded(args)).zod, args.join(' ')).toBe(false);
    }
    expect((await loaded(['events', 'course.completed.100'])).zod).toBe(true);
  });

  it('prints --help and help <command> from the start-up file and the generated text alone', async () => {
    const help = await loaded(['help', 'subscribe']);
    expect(help.zod).toBe(false);
    expect(help.files.some((url) => fs.readFileSync(new URL(url), 'utf8').includes('var CommanderError2 = class'))).toBe(false);
  });
});

describe('the heap of the built binary', () => {
  it('bounds its growth when a command runs (heap.ts), and leaves --version alone', async () => {
    const home = tempHome();
    const file = path.join(home, 'v8-flags.txt');
    const preload = new URL('../helpers/v8-flags.cjs', import.meta.url).pathname;
    const env = { ...baseEnv(home), NODE_OPTIONS: `--require ${preload}`, V8_FLAGS_FILE: file };
    expect((await runCli(['--version'], { env })).code).toBe(0);
    expect(fs.existsSync(file)).toBe(false);
    const events = await runCli(['events', '--json'], { env });
    expect(events.code, events.stderr).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toBe('--heap-growing-percent=50\n');
    // Node started with its own growth keeps it.
    fs.rmSync(file);
    const own = await runProcess(process.execPath, ['--heap-growing-percent=20', BIN, 'events', '--json'], { env });
    expect(own.code, own.stderr).toBe(0);
    expect(fs.existsSync(file)).toBe(false);
  });
});
