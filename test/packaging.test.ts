import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tmh-pack-'));

/** The environment for npm: this machine's cache and registry settings, none of the calling script's npm_* state. */
function npmEnv(): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig']);
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_') || keep.has(k.toLowerCase())));
  return { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
}

/** Run npm (or npx) with a time limit; fail with its output when it does not succeed. */
function npm(tool: 'npm' | 'npx', args: string[], cwd = root): SpawnSyncReturns<string> {
  const result = spawnSync(tool, args, { cwd, env: npmEnv(), encoding: 'utf8', timeout: 90_000, stdio: ['ignore', 'pipe', 'pipe'] });
  expect(result.status, `${tool} ${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result;
}

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('the npm package', () => {
  // dist/ is built by `npm test` before vitest runs; --ignore-scripts keeps `prepare` from rebuilding it
  // under the feet of tests running in parallel.
  let tarball = '';

  it('packs only what runs: bin, compiled dist, README, LICENSE, CHANGELOG, package.json', () => {
    const result = npm('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work]);
    const [info] = JSON.parse(result.stdout) as { filename: string; files: { path: string }[] }[];
    tarball = path.join(work, info?.filename ?? '');
    const files = info?.files.map((f) => f.path) ?? [];
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'bin/tagmango-hooks.js', 'dist/cli.js', 'dist/lib/events.js', 'dist/types/events.d.ts']));
    const allowed = /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|bin\/[^/]+\.js|dist\/.+\.js|dist\/types\/.+\.d\.ts)$/;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
    expect(files.some((f) => f.endsWith('.map') || (f.endsWith('.ts') && !f.endsWith('.d.ts')) || f.startsWith('test/') || f.includes('node_modules'))).toBe(false);
    expect(fs.existsSync(tarball)).toBe(true);
  });

  it('installs globally into a fresh prefix from the tarball and runs: --version is package.json\'s', () => {
    expect(tarball).not.toBe('');
    const prefix = path.join(work, 'prefix');
    npm('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball]);
    const bin = path.join(prefix, 'bin', 'tagmango-hooks');
    const run = spawnSync(bin, ['--version'], { encoding: 'utf8', env: { PATH: process.env.PATH }, timeout: 30_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(pkg.version);
    const completion = spawnSync(bin, ['completion', 'bash'], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: work }, timeout: 30_000 });
    expect(completion.status, completion.stderr).toBe(0);
    expect(completion.stdout).toContain('complete -F _tagmango_hooks tagmango-hooks');
    const installed = path.join(prefix, 'lib', 'node_modules', 'tagmango-hooks', 'node_modules');
    for (const dev of Object.keys(pkg.devDependencies)) expect(fs.existsSync(path.join(installed, dev)), dev).toBe(false);
    for (const dep of Object.keys(pkg.dependencies)) expect(fs.existsSync(path.join(installed, dep)), dep).toBe(true);
  });

  it('npx tagmango-hooks runs from a clone', () => {
    const result = npm('npx', ['--no-install', 'tagmango-hooks', '--version']);
    expect(result.stdout.trim()).toBe(pkg.version);
  });

  it('builds on install from a clone (prepare) and keeps tooling out of the runtime dependencies', () => {
    const scripts = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.prepare).toBe('npm run build');
    for (const tool of ['typescript', 'vitest', '@types/node', 'fast-check']) expect(pkg.dependencies[tool]).toBeUndefined();
  });
});
