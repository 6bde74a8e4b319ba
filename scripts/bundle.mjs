#!/usr/bin/env node
// Bundle the CLI into dist/bundle/ for the binary: one small file to start (--version answers
// there), a chunk with commander and the command wiring, and one chunk per lazily imported
// command with its dependencies (zod, undici, ...). Loading a handful of files instead of
// hundreds of modules is what keeps start-up near `node` itself (docs/performance.md).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { NODE_ESM, zodWithoutLocales } from './esbuild-options.mjs';

const root = new URL('..', import.meta.url);
const outdir = new URL('dist/bundle/', root).pathname;
const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));

/** commander loads child_process for executable subcommands, which this CLI does not use. */
const noChildProcessInCommander = {
  name: 'no-child-process-in-commander',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      args.importer.includes('/node_modules/commander/') ? { path: 'child_process', namespace: 'unused' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'unused' }, () => ({
      contents: "module.exports = new Proxy({}, { get() { throw new Error('child_process is not bundled'); } });",
      loader: 'js',
    }));
  },
};

// CommonJS dependencies (commander, undici) call require() for node built-ins through esbuild's
// __require helper, which needs a require in its scope. Only the chunk that defines the helper
// gets one, so the start-up file imports no extra built-in.
const REQUIRE_HELPER = 'Dynamic require of "';
const REQUIRE_LINE = "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);\n";

/** The TagMango connection pool needs only undici's pools, not its fetch or WebSocket (scripts/undici-core.cjs). */
const undiciCoreForThePool = {
  name: 'undici-core-for-the-pool',
  setup(b) {
    b.onResolve({ filter: /^undici$/ }, (args) =>
      args.importer.endsWith('/src/tagmango/dispatcher.ts') ? { path: new URL('scripts/undici-core.cjs', root).pathname } : undefined,
    );
  },
};

/**
 * Entry points: output name (dist/bundle/<name>.js) -> source. Entries share chunks; every runtime
 * library is inlined, so the package installs no dependencies. Add a library entry here.
 */
const ENTRIES = {
  cli: 'src/cli.ts',
};

rmSync(outdir, { recursive: true, force: true });
const { outputFiles } = await build({
  entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, source]) => [name, new URL(source, root).pathname])),
  outdir,
  ...NODE_ESM,
  splitting: true,
  define: { __BUNDLED_VERSION__: JSON.stringify(version) },
  plugins: [noChildProcessInCommander, undiciCoreForThePool, zodWithoutLocales],
  write: false,
});
mkdirSync(outdir, { recursive: true });
for (const file of outputFiles) {
  writeFileSync(file.path, file.text.includes(REQUIRE_HELPER) ? REQUIRE_LINE + file.text : file.text);
}
await writeHelpTexts();
await bundleStart();
await import('./bundle-library.mjs');

/**
 * The binary's first file, dist/bundle/start.cjs (src/start.ts): CommonJS and self-contained,
 * because Node starts a CommonJS file much faster than an ES module, and --version and help are
 * answered there. The rest of the CLI stays in the ES module bundle, imported from it by path.
 */
async function bundleStart() {
  await build({
    entryPoints: [new URL('src/start.ts', root).pathname],
    outfile: `${outdir}start.cjs`,
    ...NODE_ESM,
    format: 'cjs',
    define: { __BUNDLED_VERSION__: JSON.stringify(version), 'import.meta.url': '__startUrl' },
    banner: { js: "const __startUrl = require('node:url').pathToFileURL(__filename).href;" },
    plugins: [
      {
        name: 'the-cli-stays-a-module',
        setup(b) {
          b.onResolve({ filter: /^\.\/cli\.js$/ }, (args) => (args.importer.endsWith('/src/start.ts') ? { path: './cli.js', external: true } : undefined));
        },
      },
    ],
  });
}

/**
 * The --help of every command, generated from the compiled program (dist/, which tsc built
 * before this script) exactly as docs/commands.md is: the binary prints it without loading
 * commander (src/help/prebuilt.ts). Keyed by the command's words after the program name.
 */
async function writeHelpTexts() {
  const { describeProgram } = await import(new URL('dist/help/describe-program.js', root).href);
  const { flattenCommands } = await import(new URL('dist/help/command-tree.js', root).href);
  const { HELP_FILE } = await import(new URL('dist/help/prebuilt.js', root).href);
  const commands = flattenCommands(describeProgram()).filter((command) => !command.builtInHelp);
  const texts = Object.fromEntries(commands.map((command) => [command.path.join(' '), command.help]));
  writeFileSync(new URL(HELP_FILE, `file://${outdir}`), JSON.stringify(texts));
}
