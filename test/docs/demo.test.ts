import fs from 'node:fs';
import path from 'node:path';
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
  it('builds only when dist/ is older than what it is built from, then runs scripts/demo.mjs', async () => {
    const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.demo).toBe('node scripts/build-if-stale.mjs && node scripts/demo.mjs');
    const { staleReason, BUILT } = await import('../../scripts/build-if-stale.mjs');
    const root = tempHome();
    expect(staleReason(root)).toBe(`${BUILT} does not exist`);
    const source = path.join(root, 'src', 'commands', 'x.ts');
    fs.mkdirSync(path.dirname(source), { recursive: true });
    fs.writeFileSync(source, '');
    fs.mkdirSync(path.join(root, 'dist', 'bundle'), { recursive: true });
    fs.writeFileSync(path.join(root, BUILT), '');
    const at = (file: string, seconds: number): void => fs.utimesSync(file, seconds, seconds);
    at(source, 1_000);
    at(path.join(root, BUILT), 2_000);
    expect(staleReason(root)).toBeUndefined();
    at(source, 3_000);
    expect(staleReason(root)).toBe(`${path.join('src', 'commands', 'x.ts')} is newer than ${BUILT}`);
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
