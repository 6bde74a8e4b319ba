import { HEAD_ROWS, rowsToShow } from '../io/fit-terminal.js';
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

/**
 * Print one line per result and a summary line (human mode only). With `seeAll` and a terminal on
 * stdout, a long report shows the first rows and every failed or unknown one, then says how to see all.
 */
export function printResults(io: IO, rows: readonly ResultRow[], seeAll?: string): void {
  if (io.json) return;
  const paint: Record<ResultStatus, (s: string) => string> = {
    created: io.color.green,
    skipped: io.color.dim,
    failed: io.color.red,
    unknown: io.color.yellow,
    planned: io.color.cyan,
  };
  const { shown, hidden } = rowsToShow(rows, seeAll !== undefined && io.stdoutIsTTY, (row) => row.status === 'failed' || row.status === 'unknown');
  for (const row of shown) {
    // An error can quote TagMango's own message: escaped so an answer cannot send terminal escapes.
    const settle = row.status === 'unknown' && row.reason ? ` ${row.reason}` : '';
    const detail = row.error ? `  ${escapeControls(row.error.message)}${settle}` : row.reason ? `  ${row.reason}` : '';
    io.out(`${paint[row.status](row.status.padEnd(7))}  ${row.id ?? '-'.padEnd(11)}  ${escapeControls(row.event)}  ${describeScope(row.scope)}  ${escapeControls(row.hookUrl)}${detail}`);
  }
  if (hidden > 0) {
    io.out(io.color.dim(`... ${hidden} more not shown: the first ${HEAD_ROWS} rows and every failed or unknown one are listed. All of them: ${seeAll}`));
  }
  const counts = countByStatus(rows);
  const parts = (Object.keys(counts) as ResultStatus[]).filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  io.out(parts.length ? parts.join(', ') : 'Nothing to do.');
}
