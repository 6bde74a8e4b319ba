// The scaling table of the benchmark: wall time and peak RSS of bulk registrations from a file
// (1,000 / 10,000 / 40,000 by default, zero latency, concurrency 32), each next to the minimal
// undici client sending the same requests in the same run, and of `list --json` and
// `migrate --dry-run` over registries of 10,000 and 40,000 records as this version writes them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFakeServer } from './fake-server.mjs';
import { courseIds, writeRegistrationsFile, writeRegistry } from './fixtures.mjs';
import { median, timedOk } from './measure.mjs';
import { round } from './report.mjs';

const BARE_LIST = new URL('./bare-list.mjs', import.meta.url).pathname;

/** Peak RSS targets of a bulk run by size (issue targets); other sizes are measured only. */
const BULK_RSS_MB = { 10000: 130, 40000: 160 };

/**
 * Run the table. `env(url, name)` gives a fresh home and environment; `figure` adds a row;
 * `sizes` and `records` are the counts; `runs` runs of each, CLI and baseline alternating.
 */
export async function scaling({ env: freshEnv, figure, log, paths, sizes, records, runs, concurrency = 32 }) {
  const server = await startFakeServer({ latencyMs: 0 });
  try {
    for (const count of sizes) {
      const ids = courseIds(count, 5_000_000);
      log(`scaling: ${runs} runs of ${count} registrations from a file, zero latency, concurrency ${concurrency}, alternating with the minimal client`);
      const cli = [];
      const minimal = [];
      const loads = [];
      for (let i = 0; i < runs; i++) {
        const { env, home } = freshEnv(server.url, `scale-${count}`);
        const file = path.join(home, 'hooks.jsonl');
        writeRegistrationsFile(file, paths.hook, ids);
        server.reset();
        const run = await timedOk(paths.node, [paths.bin, 'subscribe', '--from-file', file, '--concurrency', String(concurrency), '--json'], { env, rss: true });
        if (server.counts().requests !== count) throw new Error(`scaling run sent ${server.counts().requests} of ${count}`);
        cli.push(run);
        loads.push(os.loadavg()[0]);
        fs.rmSync(path.join(home, 'subscriptions.json'), { force: true });
        const base = await timedOk(paths.node, [paths.minimalBulk, server.url + paths.registerPath, paths.key, file, String(concurrency)], { env, rss: true });
        minimal.push(base);
        fs.rmSync(home, { recursive: true, force: true });
      }
      const ms = median(cli.map((r) => r.ms));
      const base = median(minimal.map((r) => r.ms));
      const load = median(loads);
      figure(`scale: ${count} registrations, wall`, { value: ms, unit: 'ms', baseline: base, baselineName: 'minimal undici client', target: 'measured', ok: () => true, load });
      const rssTarget = BULK_RSS_MB[count];
      figure(`scale: ${count} registrations, peak RSS`, {
        value: Math.max(...cli.map((r) => r.peakMb)),
        unit: 'MB',
        baseline: Math.max(...minimal.map((r) => r.peakMb)),
        baselineName: 'minimal undici client',
        target: rssTarget ? `<= ${rssTarget} MB` : 'measured',
        ok: (v) => (rssTarget ? v <= rssTarget : true),
        load,
      });
    }
  } finally {
    await server.close();
  }

  const apiUrl = 'http://127.0.0.1:9';
  for (const count of records) {
    for (const [command, event, args, target] of [
      ['list', 'course.completed.100', ['list', '--json'], { ms: count >= 40000 ? 800 : 500, mb: count >= 40000 ? 130 : 120 }],
      ['migrate --dry-run', 'course.completed', ['migrate', '--dry-run', '--json'], { ms: undefined, mb: undefined }],
    ]) {
      const { env, home } = freshEnv(apiUrl, `scale-${command.split(' ')[0]}-${count}`);
      writeRegistry(path.join(home, 'subscriptions.json'), { apiUrl, hookUrl: paths.hook, event, ids: courseIds(count), response: 'excerpt' });
      log(`scaling: ${runs} runs of ${command} --json over ${count} records`);
      const results = [];
      const bare = [];
      const loads = [];
      for (let i = 0; i < runs; i++) {
        results.push(await timedOk(paths.node, [paths.bin, ...args], { env, rss: true }));
        if (command === 'list') bare.push(await timedOk(paths.node, [BARE_LIST, path.join(home, 'subscriptions.json')], { env }));
        loads.push(os.loadavg()[0]);
      }
      const load = median(loads);
      if (command === 'list') {
        const limit = count >= 40000 ? 2 : undefined;
        figure(`scale: list --json, ${count} records, vs bare read + parse + stringify`, { value: median(results.map((r) => r.ms)), unit: 'ms', baseline: median(bare.map((r) => r.ms)), baselineName: 'bare node script', target: limit ? `<= ${limit}x` : 'measured', ok: (_, r) => (limit ? r <= limit : true), load });
      }
      figure(`scale: ${command} --json, ${count} records, wall`, { value: median(results.map((r) => r.ms)), unit: 'ms', target: target.ms ? `<= ${target.ms} ms` : 'measured', ok: (v) => (target.ms ? v <= target.ms : true), load });
      figure(`scale: ${command} --json, ${count} records, peak RSS`, { value: Math.max(...results.map((r) => r.peakMb)), unit: 'MB', target: target.mb ? `<= ${target.mb} MB` : 'measured', ok: (v) => (target.mb ? v <= target.mb : true), load });
      fs.rmSync(home, { recursive: true, force: true });
    }
  }
}

/** A comma-separated list of counts. */
export function counts(text) {
  return text.split(',').map((s) => s.trim()).filter(Boolean).map(Number).filter((n) => Number.isInteger(n) && n > 0);
}

export { round };
