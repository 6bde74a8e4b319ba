// Large inputs of the benchmark: `list` over a registry of 200,000 records (a spread of its rows
// once overflowed the stack), `whoami` against `list --json` of the same 130,000 records (whoami
// was quadratic), and the peak memory of a `--dry-run` of 200,000 rows (the plan streams).
import path from 'node:path';
import { courseIds, writeRegistrationsFile, writeRegistry } from './fixtures.mjs';
import { median, timedOk } from './measure.mjs';

/** Add the large-input figures through `figure`; `freshEnv(url, name)` gives a home and environment. */
export async function largeInputs({ env: freshEnv, figure, log, paths, listRecords, whoamiRecords, dryRunRows, runs }) {
  const apiUrl = 'http://127.0.0.1:9';
  const { node, bin, hook } = paths;

  const big = freshEnv(apiUrl, 'large-list');
  writeRegistry(path.join(big.home, 'subscriptions.json'), { apiUrl, hookUrl: hook, event: 'course.completed.100', ids: courseIds(listRecords), response: 'excerpt' });
  log(`large: list over ${listRecords} records`);
  const list = await timedOk(node, [bin, 'list'], { env: big.env, rss: true });
  const rows = list.stdout.split('\n').filter((line) => line.startsWith('wh_')).length;
  if (rows !== listRecords) throw new Error(`list printed ${rows} of ${listRecords} records`);
  figure(`list, ${listRecords} records`, { value: list.ms, unit: 'ms', target: 'works (exit 0, every row)', ok: () => true, note: `peak RSS ${Math.round(list.peakMb ?? 0)} MB` });

  const mid = freshEnv(apiUrl, 'large-whoami');
  writeRegistry(path.join(mid.home, 'subscriptions.json'), { apiUrl, hookUrl: hook, event: 'course.completed.100', ids: courseIds(whoamiRecords), response: 'excerpt' });
  log(`large: whoami and list --json, ${runs} runs each over ${whoamiRecords} records`);
  const whoami = [];
  const listJson = [];
  for (let i = 0; i < runs; i++) {
    whoami.push((await timedOk(node, [bin, 'whoami', '--json'], { env: mid.env })).ms);
    listJson.push((await timedOk(node, [bin, 'list', '--json'], { env: mid.env })).ms);
  }
  figure(`whoami, ${whoamiRecords} records`, {
    value: median(whoami),
    unit: 'ms',
    baseline: median(listJson),
    baselineName: `list --json, ${whoamiRecords} records`,
    target: '<= 1.2x',
    ok: (_, ratio) => ratio <= 1.2,
  });

  const plan = freshEnv(apiUrl, 'large-dry-run');
  const file = path.join(plan.home, 'rows.jsonl');
  writeRegistrationsFile(file, hook, courseIds(dryRunRows));
  log(`large: subscribe --dry-run --json of ${dryRunRows} rows`);
  const dry = await timedOk(node, [bin, 'subscribe', '--from-file', file, '--dry-run', '--json'], { env: plan.env, rss: true });
  const planned = JSON.parse(dry.stdout).results.filter((r) => r.status === 'planned').length;
  if (planned !== dryRunRows) throw new Error(`--dry-run planned ${planned} of ${dryRunRows}`);
  figure(`peak RSS, subscribe --dry-run --json, ${dryRunRows} rows`, { value: dry.peakMb, unit: 'MB', target: '< 200 MB', ok: (v) => v < 200, note: `${Math.round(dry.ms)} ms` });
}
