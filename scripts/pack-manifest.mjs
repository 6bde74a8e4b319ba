#!/usr/bin/env node
// The published package.json carries no install-time script, while the repository's keeps
// `prepare` (so `npm install` in a clone builds). npm re-reads package.json after `prepack` to
// pack it, so `prepack` runs `strip` and `postpack` (`postpublish` for `npm publish`, which
// re-reads it once more after packing) runs `restore`, as pinst does for yarn.
//
//   strip    keep the exact bytes in .tmp/package.json.packing, write package.json without
//            install-time scripts, and leave a watcher that restores the backup when the npm
//            process that packs exits, so a pack or publish that fails midway changes nothing.
//   restore  put the backup back byte for byte (nothing to do without a backup).
//   watch <pid>  (internal) wait for that process to end, then restore.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const manifest = `${root}package.json`;
const backup = `${root}.tmp/package.json.packing`;
/** Scripts npm runs when the package is installed (`prepublish` too, for old npm). */
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare', 'prepublish'];
const self = fileURLToPath(import.meta.url);

/** Put the saved package.json back, if a pack left one. */
function restore() {
  if (!fs.existsSync(backup)) return;
  fs.copyFileSync(backup, manifest);
  fs.rmSync(backup);
}

/** The npm process that runs this lifecycle script: the nearest ancestor whose command is npm (undefined if none). */
function npmProcess() {
  let pid = process.ppid;
  for (let depth = 0; pid > 1 && depth < 8; depth += 1) {
    const [ppid, program = '', script = ''] = execFileSync('ps', ['-o', 'ppid=,args=', '-p', String(pid)], { encoding: 'utf8' }).trim().split(/\s+/);
    // npm names itself `npm <command>`; otherwise it shows as `node .../npm-cli.js`. Not `sh -c "npm run ..."`.
    if (/(^|\/)npm$/.test(program) || /(^|\/)npm-cli\.js$/.test(script)) return pid;
    pid = Number(ppid);
  }
  return undefined;
}

/** Whether a process is still running. */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

const [mode, arg] = process.argv.slice(2);
if (mode === 'strip') {
  restore(); // a pack killed earlier, before its watcher could act
  const text = fs.readFileSync(manifest, 'utf8');
  const pkg = JSON.parse(text);
  for (const script of INSTALL_SCRIPTS) delete pkg.scripts?.[script];
  fs.mkdirSync(`${root}.tmp`, { recursive: true });
  fs.writeFileSync(backup, text);
  const npm = npmProcess();
  if (npm) spawn(process.execPath, [self, 'watch', String(npm)], { detached: true, stdio: 'ignore' }).unref();
  fs.writeFileSync(manifest, `${JSON.stringify(pkg, null, 2)}\n`);
} else if (mode === 'restore') {
  // `npm publish` re-reads package.json after packing to send it to the registry: restore after that.
  if (process.env.npm_lifecycle_event === 'postpack' && process.env.npm_command === 'publish') process.exit(0);
  restore();
} else if (mode === 'watch') {
  const pid = Number(arg);
  const timer = setInterval(() => {
    if (alive(pid)) return;
    clearInterval(timer);
    restore();
  }, 200);
} else {
  console.error('Usage: node scripts/pack-manifest.mjs strip|restore');
  process.exit(2);
}
