import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENTS } from '../../src/catalogue/events.js';
import { examplePayload } from '../../src/catalogue/payloads.js';

// The library entry as a receiver gets it: packed, installed from the tarball into a fresh
// project without network, imported by name, and type-checked by that project's tsc.
const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = path.join(root, 'test', 'library', 'consumer');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tmh-lib-'));
const consumer = path.join(work, 'consumer');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');

/** npm with this machine's cache and no network: the calling script's npm_* state is dropped. */
function npm(args: string[], cwd: string): SpawnSyncReturns<string> {
  const keep = new Set(['npm_config_cache', 'npm_config_userconfig']);
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_') || keep.has(k.toLowerCase())));
  const result = spawnSync('npm', args, {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...env, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' },
  });
  expect(result.status, `npm ${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result;
}

function typecheck(...files: string[]): SpawnSyncReturns<string> {
  const config = { compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, types: [], skipLibCheck: false }, files };
  fs.writeFileSync(path.join(consumer, 'tsconfig.json'), JSON.stringify(config));
  return spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: consumer, encoding: 'utf8', timeout: 120_000 });
}

beforeAll(() => {
  // dist/ is built by `npm test` before vitest runs; --ignore-scripts keeps `prepare` from rebuilding it.
  const packed = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], root);
  const [info] = JSON.parse(packed.stdout) as { filename: string }[];
  fs.mkdirSync(consumer);
  fs.writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'receiver', private: true, type: 'module' }));
  npm(['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--omit=dev', path.join(work, info?.filename ?? '')], consumer);
  for (const file of fs.readdirSync(fixtures)) fs.copyFileSync(path.join(fixtures, file), path.join(consumer, file));
}, 180_000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('tagmango-hooks/events, installed from the packed tarball', () => {
  it('the bundle needs no other package and none of the CLI: it imports only node built-ins', () => {
    const bundle = fs.readFileSync(path.join(consumer, 'node_modules', 'tagmango-hooks', 'dist', 'lib', 'events.js'), 'utf8');
    const specifiers = [...bundle.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
    expect(specifiers.length).toBeGreaterThan(0);
    expect(specifiers.filter((s) => !s?.startsWith('node:'))).toEqual([]);
    // ...and the CLI's bundle loads none of it: --version starts exactly as before.
    const cli = path.join(root, 'dist', 'bundle');
    for (const file of fs.readdirSync(cli)) expect(fs.readFileSync(path.join(cli, file), 'utf8'), file).not.toMatch(/lib\/events|events\.d\.ts/);
    // Neither bundle carries zod's translations (Ongeldige invoer: its Dutch for "Invalid input").
    for (const text of [bundle, ...fs.readdirSync(cli).map((file) => fs.readFileSync(path.join(cli, file), 'utf8'))]) expect(text).not.toContain('Ongeldige invoer');
  });

  it('exercises every export from a plain ESM consumer', () => {
    const run = spawnSync(process.execPath, ['check.mjs'], { cwd: consumer, encoding: 'utf8', timeout: 30_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const seen = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(seen.exports).toEqual(['createHandler', 'deliveryKey', 'events', 'examplePayload', 'identifyEvent', 'isEventName', 'memorySeenStore', 'nodeHandler', 'parsePayload']);
    expect(seen.handlers).toEqual({
      webStatuses: [[200, { received: true }], [200, { received: true, duplicate: true }], [401, { error: 'Wrong or missing token.' }]],
      nodeStatus: [200, { received: true }],
      handled: [['course.completed', '634fc35ddaf58580e2418c40'], ['course.completed.50', '634fc35ddaf58580e2418c40']],
    });
    expect(seen.rootSame).toBe(true);
    expect(seen.events).toEqual(EVENTS.map((e) => [e.name, e.scopeKey, e.status, e.successor, 'string']));
    expect(seen.example).toEqual(examplePayload(EVENTS.find((e) => e.name === 'course.completed.100')!));
    expect(seen.parsedOk).toEqual({ success: true, extra: 'kept', courseId: '634fc35ddaf58580e2418c40' });
    // zod's English messages are in; its other languages are not shipped (scripts/esbuild-options.mjs).
    expect(seen.parsedBad).toEqual({ success: false, paths: ['phone'], message: '"phone" should be a number, not text' });
    expect(seen.parsedUnknown).toBe(false);
    expect(seen.identified).toEqual(['course.completed', 'course.completed.50', 'course.completed.100', 'course.completed.all']);
    expect(seen.identifiedOrder).toEqual(['order.created.completed', 'order.created.initiated']);
    expect(seen.identifiedNothing).toEqual([]);
    expect(seen.isEventName).toEqual([true, false]);
    expect(seen.keys).toEqual({ migrationOverlap: true, keyOrderIgnored: true, otherPerson: true, otherCourse: true, otherTime: true, otherMilestone: true });
  });

  it('type-checks receiver code with the shipped declarations (strict, no skipLibCheck)', () => {
    const run = typecheck('valid.ts');
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('refuses a field the payload does not have, and a misspelt event name (event names are a typed union)', () => {
    // One tsc run for both files (each run costs seconds): exactly one error in each.
    const run = typecheck('wrong-field.ts', 'misspelt-event.ts');
    expect(run.status).not.toBe(0);
    const errors = run.stdout.trim().split('\n').sort();
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^misspelt-event\.ts\(\d+,\d+\): error TS2345: Argument of type '"course\.complete"' is not assignable to parameter of type/);
    expect(errors[1]).toMatch(/^wrong-field\.ts\(\d+,\d+\): error TS2339: Property 'noSuchField' does not exist/);
  });
});
