#!/usr/bin/env node
// `npm run bench`: start-up, one registration, 1,000 registrations, list and migrate planning over
// 10,000 records, and peak memory, each the median of repeated runs of the built binary against a
// fake TagMango on 127.0.0.1, as ratios to baselines measured in the same run; then the scaling
// table (bench/scaling.mjs). Every figure carries the 1-minute load average it was measured at.
//
//   node bench/run.mjs [--json] [--runs <n>] [--latency <ms>] [--count <n>] [--concurrency <n>] [--records <n>]
//                      [--scale <n,n,..>] [--scale-records <n,n,..>] [--scale-runs <n>]
//                      [--large-list <n>] [--large-whoami <n>] [--large-dry-run <n>]  (bench/large.mjs)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import { startFakeServer } from './fake-server.mjs';
import { courseIds, writeRegistrationsFile, writeRegistry } from './fixtures.mjs';
import { median, timedOk } from './measure.mjs';
import { machine, printTable, round } from './report.mjs';
import { counts, scaling } from './scaling.mjs';
import { largeInputs } from './large.mjs';

const { values: opts } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    runs: { type: 'string', default: '11' },
    latency: { type: 'string', default: '20' },
    count: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '16' },
    records: { type: 'string', default: '10000' },
    scale: { type: 'string', default: '1000,10000,40000' },
    'scale-records': { type: 'string', default: '10000,40000' },
    'scale-runs': { type: 'string', default: '3' },
    'large-list': { type: 'string', default: '200000' },
    'large-whoami': { type: 'string', default: '130000' },
    'large-dry-run': { type: 'string', default: '200000' },
  },
});
const RUNS = Number(opts.runs);
const LATENCY = Number(opts.latency);
const COUNT = Number(opts.count);
const CONCURRENCY = Number(opts.concurrency);
const RECORDS = Number(opts.records);
// The bulk figure is compared with the minimal client at 1.1x: enough alternating runs for a stable median.
const BULK_RUNS = Math.max(3, Math.round(RUNS / 2) | 1);

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = path.join(ROOT, 'bin', 'tagmango-hooks.cjs');
const MINIMAL = path.join(ROOT, 'bench', 'minimal-undici.mjs');
const MINIMAL_BULK = path.join(ROOT, 'bench', 'minimal-undici-bulk.mjs');
const NODE = process.execPath;
const KEY = 'tm_bench_00000000000000000000KEY1';
const HOOK = 'https://hooks.example.com/bench';
const REGISTER_PATH = '/api/v1/integration/webhook/webhook';

if (!fs.existsSync(path.join(ROOT, 'dist', 'bundle', 'cli.js'))) {
  process.stderr.write('The CLI is not built. Run: npm run build\n');
  process.exit(1);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tmh-bench-'));
const figures = [];
const log = (line) => {
  if (!opts.json) process.stderr.write(`${line}\n`);
};

/** A fresh TAGMANGO_HOOKS_HOME and the environment of a run against `url`. */
function freshEnv(url, name) {
  const home = fs.mkdtempSync(path.join(work, `${name}-`));
  return { home, env: { PATH: process.env.PATH, HOME: home, TAGMANGO_HOOKS_HOME: home, TAGMANGO_API_URL: url, TAGMANGO_API_KEY: KEY, NO_COLOR: '1' } };
}

/** Add a figure; `ratio` compares `value` with `baseline` (or a floor), `target` says what passes. */
function figure(name, { value, unit, baseline, baselineName, target, ok, note, load = os.loadavg()[0] }) {
  const ratio = baseline ? value / baseline : undefined;
  figures.push({ name, value: round(value), unit, baselineName, baseline: baseline === undefined ? undefined : round(baseline), ratio: ratio === undefined ? undefined : round(ratio, 2), target, ok: ok(value, ratio), note, load: round(load, 2) });
}


/** Time several commands, interleaved so that a busy machine weighs on each alike; medians in ms. */
async function interleaved(runs, commands) {
  const times = commands.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [j, make] of commands.entries()) {
      const [command, args, options] = make(i);
      times[j].push((await timedOk(command, args, options)).ms);
    }
  }
  return times.map(median);
}

async function coldStart() {
  // Runs of ~30 ms are cheap and noisy: three times as many as the other figures.
  const runs = RUNS * 3;
  log(`cold start: ${runs} runs each of node -e 0, --version, --help, events, list (no registry)`);
  // A home with no config file and no registry: `list` finds nothing to read.
  const home = fs.mkdtempSync(path.join(work, 'cold-'));
  const env = { PATH: process.env.PATH, HOME: home, TAGMANGO_HOOKS_HOME: home };
  const commands = [
    ['node -e 0', [NODE, ['-e', '0'], { env }]],
    ['--version', [NODE, [BIN, '--version'], { env }]],
    ['--help', [NODE, [BIN, '--help'], { env }]],
    ['events', [NODE, [BIN, 'events'], { env }]],
    ['list, no registry', [NODE, [BIN, 'list'], { env }]],
  ];
  // One untimed round warms the file cache.
  await interleaved(1, commands.map(([, run]) => () => run));
  const [node, ...times] = await interleaved(runs, commands.map(([, run]) => () => run));
  const targets = { '--version': 1.3, '--help': 1.4, events: 2, 'list, no registry': 2 };
  commands.slice(1).forEach(([name], i) => {
    const limit = targets[name];
    figure(`${name} cold start`, { value: times[i], unit: 'ms', baseline: node, baselineName: 'node -e 0', target: `<= ${limit}x`, ok: (_, r) => r <= limit });
  });
}

async function oneSubscribe() {
  log(`one subscribe: ${RUNS} runs each of the CLI and a minimal undici script`);
  const server = await startFakeServer({ latencyMs: 0 });
  try {
    const { env } = freshEnv(server.url, 'one');
    const ids = courseIds(RUNS + 1, 1_000_000);
    const body = (i) => JSON.stringify({ hookUrl: HOOK, event: 'course.completed.100', course: ids[i] });
    const [cli, minimal] = await interleaved(RUNS + 1, [
      (i) => [NODE, [BIN, 'subscribe', HOOK, '--course', ids[i], '--json'], { env }],
      (i) => [NODE, [MINIMAL, server.url + REGISTER_PATH, KEY, body(i)], { env }],
    ]);
    figure('one subscribe --json', { value: cli, unit: 'ms', baseline: minimal, baselineName: 'minimal undici script', target: '<= 1.3x', ok: (_, r) => r <= 1.3 });
  } finally {
    await server.close();
  }
}

/** Whether this build of the CLI has a command (commands land over time). */
function hasCommand(name) {
  const help = spawnSync(NODE, [BIN, '--help'], { encoding: 'utf8' }).stdout;
  return new RegExp(`^\\s+${name}\\b`, 'm').test(help);
}

function supportsFromFile(url) {
  const { env, home } = freshEnv(url, 'probe');
  const file = path.join(home, 'probe.jsonl');
  writeRegistrationsFile(file, HOOK, courseIds(1));
  const result = spawnSync(NODE, [BIN, 'subscribe', '--from-file', file, '--dry-run', '--json'], { env, encoding: 'utf8' });
  return result.status === 0;
}

async function bulk() {
  const server = await startFakeServer({ latencyMs: LATENCY });
  try {
    const ids = courseIds(COUNT);
    const fromFile = supportsFromFile(server.url);
    log(`bulk: ${BULK_RUNS} runs of ${COUNT} registrations (${fromFile ? '--from-file' : '--course list'}), ${LATENCY} ms latency, concurrency ${CONCURRENCY}`);
    const times = [];
    const baseline = [];
    const cpu = [];
    const baselineCpu = [];
    const peaks = [];
    let connections = 0;
    for (let i = 0; i < BULK_RUNS; i++) {
      const { env, home } = freshEnv(server.url, 'bulk');
      const file = path.join(home, 'hooks.jsonl');
      writeRegistrationsFile(file, HOOK, ids);
      const source = fromFile ? ['--from-file', file] : [HOOK, '--course', ids.join(',')];
      server.reset();
      const result = await timedOk(NODE, [BIN, 'subscribe', ...source, '--concurrency', String(CONCURRENCY), '--json'], { env, rss: true, cpu: true });
      const created = JSON.parse(result.stdout).results.filter((r) => r.status === 'created').length;
      if (created !== COUNT || server.counts().requests !== COUNT) throw new Error(`bulk run created ${created} of ${COUNT} (${server.counts().requests} requests)`);
      times.push(result.ms);
      cpu.push(result.cpuMs);
      peaks.push(result.peakMb);
      connections = Math.max(connections, server.counts().connections);
      const minimal = await timedOk(NODE, [MINIMAL_BULK, server.url + REGISTER_PATH, KEY, file, String(CONCURRENCY)], { env, cpu: true });
      baseline.push(minimal.ms);
      baselineCpu.push(minimal.cpuMs);
    }
    const cli = median(times);
    const floor = (COUNT * LATENCY) / CONCURRENCY;
    figure(`${COUNT} registrations`, { value: cli, unit: 'ms', baseline: floor, baselineName: `floor ${COUNT} x ${LATENCY} ms / ${CONCURRENCY}`, target: '<= 1.3x', ok: (_, r) => r <= 1.3 });
    const minimal = median(baseline);
    figure(`${COUNT} registrations vs minimal script`, { value: cli, unit: 'ms', baseline: minimal, baselineName: 'minimal undici bulk script', target: '<= 1.1x', ok: (_, r) => r <= 1.1, note: `the same requests with nothing else: ${round(minimal / floor, 2)}x the floor` });
    figure(`${COUNT} registrations, CPU time vs minimal script`, { value: median(cpu), unit: 'ms', baseline: median(baselineCpu), baselineName: 'minimal undici bulk script, CPU', target: '<= 1.4x', ok: (_, r) => r <= 1.4, note: 'user + system time of the process' });
    figure('connections opened (bulk)', { value: connections, unit: '', baseline: CONCURRENCY, baselineName: 'concurrency', target: '<= 1x', ok: (v) => v <= CONCURRENCY });
    figure('peak RSS, bulk run', { value: Math.max(...peaks), unit: 'MB', target: '< 120 MB', ok: (v) => v < 120 });
    await curlLoop(server, ids, cli);
  } finally {
    await server.close();
  }
}

async function curlLoop(server, ids, cliMs) {
  const curl = spawnSync('curl', ['--version']);
  if (curl.error || curl.status !== 0) {
    figure(`sequential curl loop, ${COUNT} requests`, { value: NaN, unit: 'ms', target: 'CLI >= 10x faster', ok: () => false, note: 'curl is not installed: skipped' });
    return;
  }
  const sample = Math.min(50, ids.length);
  log(`curl loop: ${sample} sequential requests, scaled to ${COUNT}`);
  let total = 0;
  for (let i = 0; i < sample; i++) {
    const body = JSON.stringify({ hookUrl: HOOK, event: 'course.completed.100', course: ids[i] });
    const args = ['-s', '-o', '/dev/null', '-X', 'POST', '-H', `x-api-key: ${KEY}`, '-H', 'content-type: application/json', '-H', 'accept: application/json', '--data', body, server.url + REGISTER_PATH];
    total += (await timedOk('curl', args)).ms;
  }
  const scaled = (total / sample) * COUNT;
  figures.push({
    name: `sequential curl loop, ${COUNT} requests (scaled from ${sample})`,
    value: round(scaled),
    unit: 'ms',
    baselineName: `${COUNT} registrations (CLI)`,
    baseline: round(cliMs),
    ratio: round(scaled / cliMs, 2),
    target: 'CLI >= 10x faster',
    ok: scaled / cliMs >= 10,
  });
}

async function registryReads() {
  if (!hasCommand('list')) {
    figures.push({ name: `list --json, ${RECORDS} records`, value: null, unit: 'ms', target: '< 500 ms', ok: false, note: 'this build has no list command' });
    return;
  }
  const apiUrl = 'http://127.0.0.1:9';
  const { env, home } = freshEnv(apiUrl, 'list');
  writeRegistry(path.join(home, 'subscriptions.json'), { apiUrl, hookUrl: HOOK, event: 'course.completed.100', ids: courseIds(RECORDS) });
  const runs = Math.max(3, Math.round(RUNS / 2));
  log(`list --json: ${runs} runs over ${RECORDS} records`);
  const lists = [];
  for (let i = 0; i < runs; i++) {
    const result = await timedOk(NODE, [BIN, 'list', '--json'], { env, rss: true });
    const count = JSON.parse(result.stdout).subscriptions?.length ?? JSON.parse(result.stdout).records?.length;
    if (count !== undefined && count !== RECORDS) throw new Error(`list printed ${count} of ${RECORDS} records`);
    lists.push(result);
  }
  figure(`list --json, ${RECORDS} records`, { value: median(lists.map((r) => r.ms)), unit: 'ms', target: '< 500 ms', ok: (v) => v < 500 });
  figure('peak RSS, list', { value: Math.max(...lists.map((r) => r.peakMb)), unit: 'MB', target: '< 120 MB', ok: (v) => v < 120 });

  if (!hasCommand('migrate')) {
    figures.push({ name: `migrate --dry-run, ${RECORDS} records`, value: null, unit: 'ms', target: 'measured', ok: false, note: 'this build has no migrate command' });
    return;
  }
  const legacy = freshEnv(apiUrl, 'migrate');
  writeRegistry(path.join(legacy.home, 'subscriptions.json'), { apiUrl, hookUrl: HOOK, event: 'course.completed', ids: courseIds(RECORDS) });
  log(`migrate --dry-run: ${runs} runs planning ${RECORDS} migrations`);
  const plans = [];
  for (let i = 0; i < runs; i++) {
    const result = await timedOk(NODE, [BIN, 'migrate', '--dry-run', '--json'], { env: legacy.env, rss: true });
    const planned = JSON.parse(result.stdout).results.filter((r) => r.status === 'planned').length;
    if (planned !== RECORDS) throw new Error(`migrate --dry-run planned ${planned} of ${RECORDS}`);
    plans.push(result);
  }
  figure(`migrate --dry-run, ${RECORDS} records`, { value: median(plans.map((r) => r.ms)), unit: 'ms', target: '< 1000 ms', ok: (v) => v < 1000 });
  figure('peak RSS, migrate --dry-run', { value: Math.max(...plans.map((r) => r.peakMb)), unit: 'MB', target: '< 120 MB', ok: (v) => v < 120 });
}

/** What a receiver installs: the library entry `tagmango-hooks/events` (handlers, catalogue, zod inlined), one file. */
function librarySize() {
  const bytes = fs.readFileSync(path.join(ROOT, 'dist', 'lib', 'events.js'));
  const kb = (n) => n / 1024;
  figure('library bundle (tagmango-hooks/events)', { value: kb(bytes.length), unit: 'KB', target: '< 500 KB', ok: (v) => v < 500, note: 'one file, no other package loaded at run time' });
  figure('library bundle, gzipped', { value: kb(zlib.gzipSync(bytes).length), unit: 'KB', target: '< 120 KB', ok: (v) => v < 120 });
}

const started = Date.now();
try {
  librarySize();
  await coldStart();
  await oneSubscribe();
  await bulk();
  await registryReads();
  const paths = { node: NODE, bin: BIN, minimalBulk: MINIMAL_BULK, registerPath: REGISTER_PATH, key: KEY, hook: HOOK };
  await scaling({ env: freshEnv, figure, log, paths, sizes: counts(opts.scale), records: counts(opts['scale-records']), runs: Math.max(1, Number(opts['scale-runs'])) });
  await largeInputs({ env: freshEnv, figure, log, paths, listRecords: Number(opts['large-list']), whoamiRecords: Number(opts['large-whoami']), dryRunRows: Number(opts['large-dry-run']), runs: Math.max(1, Number(opts['scale-runs'])) });
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
const info = machine();
const result = { machine: info, options: { runs: RUNS, bulkRuns: BULK_RUNS, latencyMs: LATENCY, count: COUNT, concurrency: CONCURRENCY, records: RECORDS, scale: counts(opts.scale), scaleRecords: counts(opts['scale-records']), scaleRuns: Number(opts['scale-runs']), largeList: Number(opts['large-list']), largeWhoami: Number(opts['large-whoami']), largeDryRun: Number(opts['large-dry-run']) }, seconds: round((Date.now() - started) / 1000), figures, allMet: figures.every((f) => f.ok) };
if (opts.json) console.log(JSON.stringify(result, null, 2));
else {
  printTable(info, figures);
  console.log(`\n${result.allMet ? 'Every target met' : 'Some targets NOT met'} (${result.seconds} s).`);
}
