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
