import type { IO } from '../io/io.js';
import { describeScope } from '../tagmango/registration.js';
import { escapeControls } from '../validate/quote.js';
import type { ResultRow, ResultStatus } from './types.js';

/** Count rows per status. */
export function countByStatus(rows: readonly ResultRow[]): Record<ResultStatus, number> {
  const counts: Record<ResultStatus, number> = { created: 0, skipped: 0, failed: 0, unknown: 0, planned: 0 };
  for (const row of rows) counts[row.status] += 1;
  return counts;
}

/** Print one line per result and a summary line (human mode only). */
export function printResults(io: IO, rows: readonly ResultRow[]): void {
  if (io.json) return;
  const paint: Record<ResultStatus, (s: string) => string> = {
    created: io.color.green,
    skipped: io.color.dim,
    failed: io.color.red,
    unknown: io.color.yellow,
    planned: io.color.cyan,
  };
  for (const row of rows) {
    // An error can quote TagMango's own message: escaped so an answer cannot send terminal escapes.
    const settle = row.status === 'unknown' && row.reason ? ` ${row.reason}` : '';
    const detail = row.error ? `  ${escapeControls(row.error.message)}${settle}` : row.reason ? `  ${row.reason}` : '';
    io.out(`${paint[row.status](row.status.padEnd(7))}  ${row.id ?? '-'.padEnd(11)}  ${escapeControls(row.event)}  ${describeScope(row.scope)}  ${escapeControls(row.hookUrl)}${detail}`);
  }
  const counts = countByStatus(rows);
  const parts = (Object.keys(counts) as ResultStatus[]).filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  io.out(parts.length ? parts.join(', ') : 'Nothing to do.');
}
