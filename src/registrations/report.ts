import { fitRow, HEAD_ROWS, showsRow, shortens, withDetail } from '../io/fit-terminal.js';
import type { IO } from '../io/io.js';
import { wrapWords } from '../io/width.js';
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

  /** One row, in input order; a cancelled one is only counted (the summary says how many and what to do). */
  row(row: ResultRow): void {
    const index = this.tally.total;
    this.tally.add(row);
    if (this.io.json || row.status === 'cancelled') return;
    if (this.shorten && !showsRow(index, needsAttention(row))) {
      this.hidden += 1;
      return;
    }
    const lines = rowLines(row, this.io.columns);
    const [first, ...rest] = lines;
    const word = row.status.padEnd(STATUS_COLUMNS);
    const status = PAINT[row.status](this.io)(word);
    this.around(() => {
      // The status word is painted over its own characters ("imported" is longer than the column).
      this.io.out(status + (first as string).slice(word.length));
      rest.forEach((line) => this.io.out(line));
    });
  }

  /** The line for rows left out, then the summary. */
  finish(): void {
    if (this.io.json) return;
    if (this.hidden > 0) {
      const note = `... ${this.hidden} more not shown: the first ${HEAD_ROWS} rows and every failed or unknown one are listed. All of them: ${this.seeAll}`;
      for (const line of wrapWords(note, this.io.columns ?? Infinity)) this.io.out(this.io.color.dim(line));
    }
    for (const line of wrapWords(summaryLine(this.tally), this.io.columns ?? Infinity)) this.io.out(line);
  }
}

const STATUS_COLUMNS = 7;

/**
 * The lines of one row, unpainted: status, id, event, scope and hook URL, then why (an error
 * quoting TagMango's answer, escaped so it cannot send terminal escapes). On a terminal of
 * `width` columns the hook URL is shortened in the middle and the detail goes below, wrapped.
 */
export function rowLines(row: ResultRow, width: number | undefined): string[] {
  const settle = row.status === 'unknown' && row.reason ? ` ${row.reason}` : '';
  const detail = row.error ? `${escapeControls(row.error.message)}${settle}` : (row.reason ?? '');
  const lines = fitRow(`${row.status.padEnd(STATUS_COLUMNS)}  ${row.id ?? '-'.padEnd(11)}  `, `${escapeControls(row.event)}  ${describeScope(row.scope)}  `, escapeControls(row.hookUrl), width);
  const last = lines.pop() as string;
  return [...lines, ...withDetail(last, detail, width)];
}

/** The counts of a report in one line; rows a stopped run never sent are one clause with what to do. */
export function summaryLine(tally: RowTally): string {
  const { counts } = tally;
  const parts = (Object.keys(counts) as ResultStatus[]).filter((s) => s !== 'cancelled' && counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  if (counts.cancelled > 0) parts.push(`${counts.cancelled} not sent (stopped): run the same command again to send them`);
  return parts.length ? parts.join(', ') : 'Nothing to do.';
}

const PAINT: Record<ResultStatus, (io: IO) => (s: string) => string> = {
  created: (io) => io.color.green,
  imported: (io) => io.color.green,
  skipped: (io) => io.color.dim,
  failed: (io) => io.color.red,
  unknown: (io) => io.color.yellow,
  planned: (io) => io.color.cyan,
  cancelled: (io) => io.color.dim,
};
