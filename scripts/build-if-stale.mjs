// Build only when the build is older than what it is built from: `npm run demo` on a current
// dist/ starts at once instead of spending most of its time rebuilding the same files.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The file whose age stands for the build's: the bundle's entry, written last by `npm run build`. */
export const BUILT = 'dist/bundle/cli.js';

/** What the build is made from: the sources, the build scripts and the settings they read. */
const INPUTS = ['src', 'scripts/bundle.mjs', 'scripts/bundle-library.mjs', 'scripts/esbuild-options.mjs', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'tsconfig.lib.json'];

function newest(file) {
  if (!fs.existsSync(file)) return { file, mtimeMs: 0 };
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return { file, mtimeMs: stat.mtimeMs };
  return fs.readdirSync(file).map((name) => newest(path.join(file, name))).reduce((a, b) => (b.mtimeMs > a.mtimeMs ? b : a), { file, mtimeMs: 0 });
}

/** Why `root` needs a build (no build yet, or a named input newer than it), or undefined when it is current. */
export function staleReason(root) {
  const built = path.join(root, BUILT);
  if (!fs.existsSync(built)) return `${BUILT} does not exist`;
  const builtAt = fs.statSync(built).mtimeMs;
  const input = INPUTS.map((name) => newest(path.join(root, name))).reduce((a, b) => (b.mtimeMs > a.mtimeMs ? b : a));
  return input.mtimeMs > builtAt ? `${path.relative(root, input.file)} is newer than ${BUILT}` : undefined;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const reason = staleReason(root);
  if (reason) {
    process.stderr.write(`Building (${reason})...\n`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = spawnSync(npm, ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
    process.exitCode = result.status ?? 1;
  }
}
