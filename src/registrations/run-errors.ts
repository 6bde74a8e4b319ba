import { CliError, ExitCode } from '../errors.js';
import { resolveHint } from '../registry/lifecycle.js';
import type { ResultRow } from './types.js';

/** A row whose answer came but could not be recorded: unknown, saying what TagMango answered and how to settle it. */
export function markUnrecorded(row: ResultRow, id: string, cause: CliError): void {
  const answered = `TagMango answered ${row.status}`;
  row.status = 'unknown';
  row.error = { code: 'OUTCOME_NOT_RECORDED', message: `${answered}, but the registry could not record it: ${cause.message}` };
  row.reason = resolveHint([id]);
}

/**
 * The run's error when a write to the registry failed midway (exit 1): nothing more was sent; the
 * claims already on disk read as unknown, so no rerun sends what may exist.
 */
export function unrecordedError(cause: CliError, unrecorded: readonly string[]): CliError {
  const lost = unrecorded.length;
  const what = lost > 0 ? `${lost} outcome${lost === 1 ? '' : 's'} could not be recorded` : 'A registration could not be claimed';
  const kept = lost > 0 ? ` Those registrations read as unknown until settled (${resolveHint(unrecorded)})` : '';
  return new CliError(cause.code, `${what}, so the run stopped: ${cause.message.replace(/\.$/, '')}. Nothing more was sent.${kept}`, ExitCode.failure, cause.hint);
}

/** The run's error when every outcome reached the journal but the file could not be rewritten (exit 1). */
export function notFoldedError(cause: CliError): CliError {
  const message = `${cause.message.replace(/\.$/, '')}. Every outcome is kept in the registry's journal, which the next run folds in.`;
  return new CliError('REGISTRY_NOT_COMPACTED', message, ExitCode.failure, cause.hint);
}
