#!/usr/bin/env node
// Measure the two ways to ship the CLI, as a first-time `npx` user meets them: a cold install
// (empty npm cache, fresh prefix) of the packed tarball, then the first `--help`.
//   bundle: dist/bundle/ with every runtime library inlined, no dependencies to install.
//   deps:   the unbundled tsc output (dist/ without bundle/) and the runtime libraries installed.
// Needs `npm run build` first and the npm registry for the `deps` variant. Prints one JSON line per variant.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const RUNTIME = ['chalk', 'commander', 'undici', 'zod'];
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tmh-install-'));

/** A package folder for one variant: the files it ships and its package.json. */
function stage(variant) {
  const dir = path.join(work, `${variant}-src`);
  fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
  const manifest = { ...pkg, scripts: {}, devDependencies: undefined };
  if (variant === 'bundle') {
    fs.cpSync(path.join(root, 'dist', 'bundle'), path.join(dir, 'dist', 'bundle'), { recursive: true });
    fs.copyFileSync(path.join(root, 'bin', 'tagmango-hooks.cjs'), path.join(dir, 'bin', 'tagmango-hooks.cjs'));
    manifest.files = ['bin/', 'dist/bundle/'];
  } else {
    fs.cpSync(path.join(root, 'dist'), path.join(dir, 'dist'), { recursive: true, filter: (src) => !src.includes(`${path.sep}bundle`) });
    fs.writeFileSync(path.join(dir, 'bin', 'tagmango-hooks.cjs'), "#!/usr/bin/env node\nimport('../dist/cli.js').then(({ main }) => main());\n", { mode: 0o755 });
    manifest.files = ['bin/', 'dist/'];
    manifest.dependencies = Object.fromEntries(RUNTIME.map((name) => [name, pkg.devDependencies[name]]));
  }
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: dir, encoding: 'utf8' });
  return path.join(work, JSON.parse(out)[0].filename);
}

/** Bytes under a folder (file sizes, as `du --apparent-size`). */
function size(dir) {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

for (const variant of ['bundle', 'deps']) {
  const tarball = stage(variant);
  const prefix = path.join(work, `${variant}-prefix`);
  const cache = path.join(work, `${variant}-cache`);
  const env = { ...process.env, npm_config_cache: cache, npm_config_update_notifier: 'false' };
  let started = process.hrtime.bigint();
  const install = spawnSync('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', tarball], { env, encoding: 'utf8' });
  const installMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (install.status !== 0) throw new Error(install.stderr);
  const bin = path.join(prefix, 'bin', 'tagmango-hooks');
  started = process.hrtime.bigint();
  const run = spawnSync(bin, ['--help'], { encoding: 'utf8' });
  const firstRunMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(run.stderr);
  const installed = path.join(prefix, 'lib', 'node_modules', 'tagmango-hooks');
  const packages = fs.existsSync(path.join(installed, 'node_modules')) ? fs.readdirSync(path.join(installed, 'node_modules')).filter((n) => !n.startsWith('.')).length : 0;
  const line = { variant, tarballBytes: fs.statSync(tarball).size, installedBytes: size(installed), packages, installMs: Math.round(installMs), firstRunMs: Math.round(firstRunMs), warnings: install.stderr.trim() };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
fs.rmSync(work, { recursive: true, force: true });
