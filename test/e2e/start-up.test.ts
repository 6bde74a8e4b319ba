import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { baseEnv, runCli, tempHome } from '../helpers/cli.js';

const packageVersion = (JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('help and suggestions from the built binary', () => {
  it('--version prints the version in package.json', async () => {
    const result = await runCli(['--version'], { env: baseEnv(tempHome()) });
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(packageVersion);
    expect(packageVersion).toMatch(/^\d+\.\d+\.\d+/);
  });
});
