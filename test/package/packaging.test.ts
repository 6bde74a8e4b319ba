import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  version: string;
  dependencies?: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};
/** npm's install-time scripts: any of them in the published package.json makes npm warn on install. */
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare'];
const MAX_INSTALLED_BYTES = 8 * 1024 * 1024;

/** Bytes of the files under a folder. */
function treeBytes(dir: string): number {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .reduce((sum, e) => sum + fs.statSync(path.join(e.parentPath, e.name)).size, 0);
}
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

/** A copy of what a clone holds to build and pack (node_modules linked), so packing here rebuilds nothing under the feet of tests running in parallel. */
function cloneCopy(): string {
  const dir = path.join(work, 'clone');
  for (const entry of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'tsconfig.lib.json', 'bin', 'src', 'scripts', 'README.md', 'LICENSE', 'CHANGELOG.md']) {
    fs.cpSync(path.join(root, entry), path.join(dir, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/** The package.json inside a tarball. */
function packedManifest(tarball: string): { scripts?: Record<string, string>; dependencies?: Record<string, string> } {
  const result = spawnSync('tar', ['-xOzf', tarball, 'package/package.json'], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as { scripts?: Record<string, string> };
}

/** Poll (no fixed sleep) until a check holds or the time is up. */
async function eventually(check: () => boolean, ms = 15_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

describe('the npm package', () => {
  let tarball = '';
  let clone = '';

  it('the repository builds on `npm install` (prepare) and has no runtime dependency (the bundle inlines them)', () => {
    expect(pkg.scripts.prepare).toBe('npm run build');
    expect(pkg.dependencies ?? {}).toEqual({});
    for (const lib of ['commander', 'undici', 'chalk', 'zod']) expect(pkg.devDependencies[lib], lib).toBeDefined();
  });

  it('`npm pack` (with its scripts: prepack builds and strips, postpack restores) packs only what runs, and leaves package.json byte for byte', () => {
    clone = cloneCopy();
    const before = fs.readFileSync(path.join(clone, 'package.json'));
    const result = npm('npm', ['pack', '--json', '--pack-destination', work], clone);
    const [info] = JSON.parse(result.stdout.slice(result.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
    tarball = path.join(work, info?.filename ?? '');
    const files = info?.files.map((f) => f.path) ?? [];
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'bin/tagmango-hooks.cjs', 'dist/bundle/cli.js', 'dist/lib/events.js', 'dist/types/events.d.ts']));
    const allowed = /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|bin\/[^/]+\.cjs|dist\/bundle\/([^/]+\.c?js|help\.json)|dist\/lib\/[^/]+\.js|dist\/types\/.+\.d\.ts)$/;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
    expect(fs.readFileSync(path.join(clone, 'package.json')).equals(before)).toBe(true);
    expect(fs.existsSync(path.join(clone, '.tmp', 'package.json.packing'))).toBe(false);
  }, 120_000);

  it('publishes a package.json with no install-time script and no runtime dependency, the rest of it as in the repository', () => {
    expect(tarball).not.toBe('');
    const packed = packedManifest(tarball);
    for (const script of INSTALL_SCRIPTS) expect(packed.scripts?.[script], script).toBeUndefined();
    expect(packed.dependencies ?? {}).toEqual({});
    const { prepare: _built, ...others } = pkg.scripts;
    expect(packed.scripts).toEqual(others);
  });

  it('a pack that fails after the strip (here: the tarball cannot be written) still leaves package.json byte for byte', async () => {
    expect(clone).not.toBe('');
    // The build is not the point here: make it instant, keep the strip and restore steps as they are.
    const file = path.join(clone, 'package.json');
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as { scripts: Record<string, string> };
    delete manifest.scripts.prebuild;
    manifest.scripts.build = 'node -e 0';
    fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
    const before = fs.readFileSync(file);
    const result = spawnSync('npm', ['pack', '--pack-destination', path.join(work, 'no-such-folder')], { cwd: clone, env: npmEnv(), encoding: 'utf8', timeout: 90_000 });
    expect(result.status, result.stderr).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/ENOENT|enoent/);
    // postpack never ran; the watcher left by prepack restores the file once npm has exited.
    expect(await eventually(() => fs.readFileSync(file).equals(before))).toBe(true);
    expect(fs.existsSync(path.join(clone, '.tmp', 'package.json.packing'))).toBe(false);
  }, 120_000);

  it('installs globally from the tarball with no npm warning, in at most 8 MB, and runs', () => {
    expect(tarball).not.toBe('');
    const prefix = path.join(work, 'prefix');
    // No --ignore-scripts here: an install script in the package would run, and npm would warn about it.
    const install = npm('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball]);
    expect(install.stderr).not.toMatch(/warn/i);
    const installed = path.join(prefix, 'lib', 'node_modules', 'tagmango-hooks');
    expect(fs.existsSync(path.join(installed, 'node_modules'))).toBe(false);
    expect(treeBytes(installed)).toBeLessThanOrEqual(MAX_INSTALLED_BYTES);

    const bin = path.join(prefix, 'bin', 'tagmango-hooks');
    const home = path.join(work, 'home');
    const env = { PATH: process.env.PATH, HOME: home, TAGMANGO_HOOKS_HOME: home };
    const version = spawnSync(bin, ['--version'], { encoding: 'utf8', env, timeout: 30_000 });
    expect(version.stderr).toBe('');
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(pkg.version);
    // The inlined libraries work from the installed bundle: commander, zod, chalk; config set writes the config file.
    const set = spawnSync(bin, ['config', 'set', 'timeout', '5000'], { encoding: 'utf8', env, timeout: 30_000 });
    expect(set.status, set.stderr).toBe(0);
    const events = spawnSync(bin, ['events', 'course.completed.100', '--json'], { encoding: 'utf8', env, timeout: 30_000 });
    expect(events.status, events.stderr).toBe(0);
    const completion = spawnSync(bin, ['completion', 'bash'], { encoding: 'utf8', env, timeout: 30_000 });
    expect(completion.status, completion.stderr).toBe(0);
    expect(completion.stdout).toContain('complete -F _tagmango_hooks tagmango-hooks');
  });

  it('npx tagmango-hooks runs from a clone', () => {
    // npx installs the project into its own cache the first time, which runs `prepare` (the build)
    // in the project: run it in the copy, with a cache of its own, never in this repository.
    expect(clone).not.toBe('');
    const result = npm('npx', ['--no-install', '--cache', path.join(work, 'npx-cache'), 'tagmango-hooks', '--version'], clone);
    expect(result.stdout.trim()).toBe(pkg.version);
  });
});
