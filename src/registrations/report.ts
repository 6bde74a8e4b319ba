import { HEAD_ROWS, showsRow, shortens } from '../io/fit-terminal.js';
import type { IO } from '../io/io.js';
import { describeScope } from '../tagmango/registration.js';
import { escapeControls } from '../io/escape.js';
import { RowTally } from './tally.js';
import { needsAttention, type ResultRow, type ResultStatus } from './types.js';

/**
 * Print one line per result and a summary line (human mode only). With `seeAll` and a terminal on
 * stdout, a long report shows the first rows and every failed or unknown one, then says how to see all.
 */
export function printResults(io: IO, rows: readonly ResultRow[], seeAll?: string): void {
  const printer = new ResultPrinter(io, rows.length, seeAll);
  for (const row of rows) printer.row(row);
  printer.finish();
}

/**
 * The human report written row by row as a run settles them (nothing in --json mode): it keeps
 * only the counts. `total` is the number of rows to come, which decides whether a terminal's
 * report is shortened; `around` writes a line (the progress display steps aside for it).
 */
export class ResultPrinter {
  /** The counts of the rows printed so far. */
  readonly tally = new RowTally();
  private hidden = 0;
  private readonly shorten: boolean;

  constructor(
    private readonly io: IO,
    total: number,
    private readonly seeAll?: string,
    private readonly around: (write: () => void) => void = (write) => write(),
  ) {
    this.shorten = seeAll !== undefined && shortens(total, io.stdoutIsTTY);
  }

  /** One row, in input order. */
  row(row: ResultRow): void {
    const index = this.tally.total;
    this.tally.add(row);
    if (this.io.json) return;
    if (this.shorten && !showsRow(index, needsAttention(row))) {
      this.hidden += 1;
      return;
    }
    // An error can quote TagMango's own message: escaped so an answer cannot send terminal escapes.
    const settle = row.status === 'unknown' && row.reason ? ` ${row.reason}` : '';
    const detail = row.error ? `  ${escapeControls(row.error.message)}${settle}` : row.reason ? `  ${row.reason}` : '';
    const line = `${PAINT[row.status](this.io)(row.status.padEnd(7))}  ${row.id ?? '-'.padEnd(11)}  ${escapeControls(row.event)}  ${describeScope(row.scope)}  ${escapeControls(row.hookUrl)}${detail}`;
    this.around(() => this.io.out(line));
  }

  /** The line for rows left out, then the summary. */
  finish(): void {
    if (this.io.json) return;
    if (this.hidden > 0) {
      this.io.out(this.io.color.dim(`... ${this.hidden} more not shown: the first ${HEAD_ROWS} rows and every failed or unknown one are listed. All of them: ${this.seeAll}`));
    }
    const { counts } = this.tally;
    const parts = (Object.keys(counts) as ResultStatus[]).filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
    this.io.out(parts.length ? parts.join(', ') : 'Nothing to do.');
  }
}

const PAINT: Record<ResultStatus, (io: IO) => (s: string) => string> = {
  created: (io) => io.color.green,
  imported: (io) => io.color.green,
  skipped: (io) => io.color.dim,
  failed: (io) => io.color.red,
  unknown: (io) => io.color.yellow,
  planned: (io) => io.color.cyan,
};
