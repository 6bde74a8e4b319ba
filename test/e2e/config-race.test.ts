import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { baseEnv, runCli, tempHome } from '../helpers/cli.js';

const RUNS = Array.from({ length: 10 }, (_, i) => i);
const keyOf = (i: number): string => `tm_live_parallel_login_key_${i.toString().padStart(4, '0')}`;

let home: string;
beforeEach(() => {
  home = tempHome();
});
afterEach(() => {
  fs.rmSync(home, { recursive: true, force: true });
});

function readProfiles(): Record<string, Record<string, unknown>> {
  return (JSON.parse(fs.readFileSync(path.join(home, 'config.json'), 'utf8')) as { profiles: Record<string, Record<string, unknown>> }).profiles;
}

describe('the config under parallel writers', () => {
  it('10 parallel logins keep 10 keys', async () => {
    const results = await Promise.all(RUNS.map((i) => runCli(['login', '--profile', `p${i}`], { env: baseEnv(home), input: `${keyOf(i)}\n` })));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const profiles = readProfiles();
    expect(Object.fromEntries(RUNS.map((i) => [`p${i}`, profiles[`p${i}`]?.apiKey]))).toEqual(Object.fromEntries(RUNS.map((i) => [`p${i}`, keyOf(i)])));
    expect(fs.readdirSync(home).filter((name) => name.includes('.lock'))).toEqual([]);
  }, 60_000);

  it('10 parallel config set keep 10 values', async () => {
    const results = await Promise.all(RUNS.map((i) => runCli(['config', 'set', 'timeout', String(1000 + i), '--profile', `q${i}`], { env: baseEnv(home) })));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const profiles = readProfiles();
    expect(RUNS.map((i) => profiles[`q${i}`]?.timeout)).toEqual(RUNS.map((i) => 1000 + i));
  }, 60_000);
});
