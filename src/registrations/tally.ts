import { needsAttention, type ResultRow, type ResultStatus } from './types.js';

/**
 * What decides a batch's exit code and summary, kept as rows pass: the count per status, the
 * first row that did not succeed, and the registry ids of the unknown ones. A long run's rows
 * need not be kept to end it.
 */
export class RowTally {
  readonly counts: Record<ResultStatus, number> = { created: 0, imported: 0, skipped: 0, failed: 0, unknown: 0, planned: 0, cancelled: 0 };
  total = 0;
  /** The first failed or unknown row, as it was when it passed. */
  firstBad: Pick<ResultRow, 'status' | 'id' | 'error'> | undefined;
  readonly unknownIds: string[] = [];
  /** The first row whose request TagMango rejected for its API key (401/403): such a run exits 3. */
  keyRejected: { code: string; message: string } | undefined;

  /** Why the first row that was never sent was not (the run stopped on an error or a signal). */
  notSentReason: string | undefined;

  /** Count one settled row. */
  add(row: ResultRow): void {
    this.total += 1;
    this.counts[row.status] += 1;
    if (row.status === 'cancelled') this.notSentReason ??= row.reason;
    if (!needsAttention(row)) return;
    if (row.error && isKeyRejection(row.error.code)) this.keyRejected ??= { ...row.error };
    this.firstBad ??= { status: row.status, id: row.id, ...(row.error ? { error: { ...row.error } } : {}) };
    if (row.status === 'unknown' && row.id) this.unknownIds.push(row.id);
  }

  /** A tally of rows already in hand. */
  static of(rows: Iterable<ResultRow>): RowTally {
    const tally = new RowTally();
    for (const row of rows) tally.add(row);
    return tally;
  }
}

/** Whether an error code says TagMango refused the API key (or none was there to send). */
export function isKeyRejection(code: string): boolean {
  return /^API_KEY_/.test(code);
}
