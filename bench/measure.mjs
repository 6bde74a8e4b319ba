// Timing helpers of the benchmark: spawn a command, time it, read its peak RSS.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';

const TIME = '/usr/bin/time';

/** Whether GNU time can report a child's peak RSS (else a preload reports it from inside). */
export const HAVE_GNU_TIME = fs.existsSync(TIME) && spawnSync(TIME, ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0;

const RSS_PRELOAD = new URL('./report-rss.mjs', import.meta.url).pathname;

/** The median of some numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Run `command args` to the end; resolve with its wall time in ms, exit code, output, and with
 * `rss: true` its peak resident set in MB; with `cpu: true` its CPU time (user + system) in ms.
 */
export function timed(command, args, { env, input, rss = false, cpu = false, cwd } = {}) {
  let file = command;
  let argv = args;
  let rssFile;
  let childEnv = env;
  if ((rss || cpu) && HAVE_GNU_TIME) {
    file = TIME;
    argv = ['-f', '__PEAK_RSS_KB=%M __CPU_S=%U+%S', command, ...args];
  } else if (rss || cpu) {
    rssFile = `${fs.mkdtempSync('/tmp/tmh-bench-rss-')}/rss`;
    argv = ['--import', RSS_PRELOAD, ...args];
    childEnv = { ...env, BENCH_RSS_FILE: rssFile };
  }
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(file, argv, { env: childEnv, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      let stderr = Buffer.concat(err).toString('utf8');
      let peakMb;
      let cpuMs;
      if ((rss || cpu) && HAVE_GNU_TIME) {
        const match = /__PEAK_RSS_KB=(\d+) __CPU_S=([\d.]+)\+([\d.]+)\s*$/.exec(stderr);
        peakMb = match ? Number(match[1]) / 1024 : undefined;
        cpuMs = match ? (Number(match[2]) + Number(match[3])) * 1000 : undefined;
        stderr = stderr.replace(/__PEAK_RSS_KB=\d+ __CPU_S=\S+\s*$/, '');
      } else if (rssFile) {
        const [kb, cpuUs] = fs.readFileSync(rssFile, 'utf8').split(' ').map(Number);
        peakMb = kb / 1024;
        cpuMs = cpuUs / 1000;
        fs.rmSync(rssFile, { force: true });
      }
      resolve({ ms, code, stdout: Buffer.concat(out).toString('utf8'), stderr, peakMb, cpuMs });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

/** Run `command args` and fail loudly unless it exits 0. */
export async function timedOk(command, args, options) {
  const result = await timed(command, args, options);
  if (result.code !== 0) {
    throw new Error(`${[command, ...args].join(' ').slice(0, 200)} exited ${result.code}:\n${result.stderr.slice(0, 2000)}${result.stdout.slice(0, 2000)}`);
  }
  return result;
}
