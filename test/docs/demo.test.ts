import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runProcess, tempHome, type CliResult } from '../helpers/cli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** `npm run demo` is the build, then scripts/demo.mjs; the build ran before the tests (npm test), so run the script. */
function runDemoScript(): Promise<CliResult> {
  const home = tempHome();
  return runProcess(process.execPath, ['scripts/demo.mjs'], { cwd: ROOT, env: { PATH: process.env.PATH, HOME: home } });
}

describe('npm run demo', () => {
  it('builds, then runs scripts/demo.mjs', () => {
    const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.demo).toBe('npm run build --silent && node scripts/demo.mjs');
  });

  it('runs offline without a TTY, shows the deprecation, the migration and the delivery, and exits 0', async () => {
    const r = await runDemoScript();
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
