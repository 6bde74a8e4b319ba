import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runProcess, tempHome, type CliResult } from '../helpers/cli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function npmRunDemo(): Promise<CliResult> {
  const home = tempHome();
  return runProcess('npm', ['run', 'demo'], { cwd: ROOT, env: { PATH: process.env.PATH, HOME: home, npm_config_cache: path.join(os.tmpdir(), 'tmh-npm-cache') } });
}

describe('npm run demo', () => {
  it('runs offline without a TTY, shows the deprecation, the migration and the delivery, and exits 0', async () => {
    const r = await npmRunDemo();
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/warning: course\.completed is deprecated .* course\.completed\.100/);
    const migration = r.stdout.slice(r.stdout.indexOf('$ tagmango-hooks migrate --yes'), r.stdout.indexOf('The sandbox now holds'));
    expect(migration).toMatch(/course\.completed\.100/);
    expect(migration).toMatch(/dashboard/i);
    expect(r.stdout).toContain('The sandbox now holds: course.completed, course.completed.100');
    expect(r.stdout).toMatch(/✓ http:\/\/127\.0\.0\.1:\d+\/hook: 200 in \d+ ms/);
    expect(r.stdout).toMatch(/course progress event \(course\.completed \/ \.50 \/ \.100 \/ \.all: same payload\) {2}email=\S+ courseId=634fc35ddaf58580e2418c40 {2}valid payload/);
    expect(r.stdout).toContain('Done: sandbox and receiver stopped.');
    expect(r.stdout + r.stderr).not.toContain('sandbox-demo-key-0001');
  }, 90_000);
});
