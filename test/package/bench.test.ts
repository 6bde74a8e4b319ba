import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BENCH = fileURLToPath(new URL('../../bench/run.mjs', import.meta.url));

interface Figure {
  name: string;
  value: number | null;
  ratio?: number;
  target: string;
  ok: boolean;
  note?: string;
}

describe('npm run bench', () => {
  it('measures every figure on a small run and prints them as one JSON document', { timeout: 120_000 }, () => {
    const result = spawnSync(process.execPath, [BENCH, '--json', '--runs', '1', '--count', '40', '--concurrency', '4', '--latency', '2', '--records', '300', '--scale', '30,60', '--scale-records', '200', '--scale-runs', '1', '--large-list', '300', '--large-whoami', '200', '--large-dry-run', '300'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
      timeout: 110_000,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const doc = JSON.parse(result.stdout) as { machine: { cpu: string; node: string }; figures: Figure[] };
    expect(doc.machine.node).toBe(process.version);
    const names = doc.figures.map((f) => f.name);
    for (const expected of [/^library bundle \(tagmango-hooks\/events\)$/, /^library bundle, gzipped$/, /^--version cold start$/, /^--help cold start$/, /^one subscribe --json$/, /^40 registrations$/, /^connections opened/, /^peak RSS, bulk run$/, /^list --json, 300 records$/, /^peak RSS, list$/, /^migrate --dry-run, 300 records$/, /^peak RSS, migrate/, /^scale: 60 registrations, wall$/, /^scale: 60 registrations, peak RSS$/, /^scale: list --json, 200 records, wall$/, /^scale: migrate --dry-run --json, 200 records, peak RSS$/, /^list, 300 records$/, /^whoami, 200 records$/, /^peak RSS, subscribe --dry-run --json, 300 rows$/]) {
      expect(names.some((n) => expected.test(n)), String(expected)).toBe(true);
    }
    const connections = doc.figures.find((f) => f.name.startsWith('connections opened'));
    expect(connections?.value).toBeGreaterThan(0);
    expect(connections?.value).toBeLessThanOrEqual(4);
    for (const figure of doc.figures.filter((f) => f.ratio !== undefined)) expect(figure.ratio).toBeGreaterThan(0);
  });
});
