// Output of the benchmark: the machine it ran on and the table of figures.
import fs from 'node:fs';
import os from 'node:os';
import { HAVE_GNU_TIME } from './measure.mjs';

/** Round to `digits` decimals. */
export function round(n, digits = 1) {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/**
 * Environment variables that change what every Node start costs (a NODE_EXTRA_CA_CERTS file is
 * read and parsed at each start; NODE_OPTIONS can preload modules). The bench runs every command
 * with an environment of its own, without them; a user's shell may have them.
 */
export const STARTUP_ENV = ['NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS', 'NODE_COMPILE_CACHE', 'NODE_V8_COVERAGE', 'NODE_DEBUG', 'NODE_DEBUG_NATIVE', 'NODE_PATH', 'NODE_ICU_DATA', 'NODE_PENDING_DEPRECATION', 'NODE_PRESERVE_SYMLINKS', 'UV_THREADPOOL_SIZE', 'OPENSSL_CONF', 'SSL_CERT_FILE', 'SSL_CERT_DIR'];

/** Those of STARTUP_ENV set where the bench runs, with their values (cut to 120 characters). */
export function startupEnv(env = process.env) {
  return Object.fromEntries(STARTUP_ENV.filter((name) => env[name] !== undefined).map((name) => [name, String(env[name]).slice(0, 120)]));
}

/** Where the figures come from. */
export function machine() {
  const cpu = /model name\s*:\s*(.+)/.exec(fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '')?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    cpu,
    cpus: os.availableParallelism(),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    load: os.loadavg().map((l) => round(l, 2)),
    peakRssBy: HAVE_GNU_TIME ? '/usr/bin/time -f %M' : 'process.resourceUsage().maxRSS',
    cpuTimeBy: HAVE_GNU_TIME ? '/usr/bin/time -f %U+%S' : 'process.cpuUsage()',
    startupEnv: startupEnv(),
    measuredWith: 'PATH, HOME and the TAGMANGO_* variables of each run only',
  };
}

/** The figures as an aligned table on stdout. */
export function printTable(info, figures) {
  const rows = figures.map((f) => [
    f.name,
    f.value === null || Number.isNaN(f.value) ? '-' : `${f.value}${f.unit ? ` ${f.unit}` : ''}`,
    f.baselineName ? `${f.baselineName}: ${f.baseline}` : '',
    f.ratio === undefined ? '' : `${f.ratio}x`,
    f.target,
    f.ok ? 'yes' : 'NO',
    f.load === undefined ? '' : String(f.load),
    f.note ?? '',
  ]);
  const head = ['figure', 'median', 'baseline', 'ratio', 'target', 'met', 'load', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  console.log(`machine: ${info.cpu}, ${info.cpus} CPUs, node ${info.node}, load ${info.load.join(' ')}`);
  const set = Object.entries(info.startupEnv);
  console.log(`start-up environment: every run had ${info.measuredWith}; set in this shell: ${set.length ? set.map(([k, v]) => `${k}=${v}`).join(' ') : `none of ${STARTUP_ENV.join(', ')}`}`);
  console.log(line(head));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
}
