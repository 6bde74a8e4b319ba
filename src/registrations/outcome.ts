import { ApiError, AuthError, CancelError, CliError, ExitCode, PartialError } from '../errors.js';
import { KEY_PAGE } from '../tagmango/dashboard.js';
import { REDIRECT_HINT } from '../tagmango/describe-failure.js';
import { RETRYABLE_STATUSES } from '../tagmango/retry-policy.js';
import { resolveHint } from '../registry/lifecycle.js';
import type { RowTally } from './tally.js';
import type { ResultRow, ResultStatus } from './types.js';

const KEY_HINT = `Check the key in TagMango (${KEY_PAGE}), then run: tagmango-hooks login`;

/**
 * The error that decides a batch's exit code: none when everything succeeded or was skipped;
 * 130 when interrupted; the failure's own code (1 or 3) when nothing succeeded; 4 when some did.
 */
export function batchError(tally: RowTally, signal: AbortSignal | undefined): CliError | undefined {
  const { counts } = tally;
  const badCount = counts.failed + counts.unknown;
  if (signal?.aborted) {
    // The report's summary line says it (and what to do): the error is for --json and the exit code.
    return new CancelError(`Interrupted: ${counts.created} created, ${counts.cancelled} not sent.`, ExitCode.interrupted, { reported: true });
  }
  if (tally.keyRejected) {
    // Whatever else the run did (skipped, created before the rejection), CI must see the key's problem: exit 3.
    return new AuthError(`${tally.keyRejected.message} ${countsSentence(tally)}`.trim(), KEY_HINT, tally.keyRejected.code);
  }
  if (counts.cancelled > 0) {
    // The run stopped on an error of its own (the registry could not be written): what was not sent is not done.
    return new CliError('NOT_SENT', `${tally.notSentReason ?? 'Not sent.'} ${countsSentence(tally)}`.trim(), ExitCode.failure, 'Fix the cause and run the same command again: what succeeded is skipped.');
  }
  const first = tally.firstBad;
  if (badCount === 0 || !first) return undefined;
  const good = counts.created + counts.imported + counts.skipped;
  const unknownHint = counts.unknown > 0 ? ` ${counts.unknown} may or may not have been registered: nothing more is sent for them until they are settled.` : '';
  // Several registrations that all end unknown are a partial result too (exit 4): CI must stop, and nothing failed outright.
  if (good > 0 || (tally.total > 1 && counts.failed === 0)) {
    const hint = [
      counts.failed > 0 ? 'Fix the cause and run the same command again: what succeeded is skipped.' : '',
      counts.unknown > 0 ? `For the unknown ones: ${resolveHint(tally.unknownIds)}` : '',
    ].filter(Boolean).join(' ');
    return new PartialError(`${badCount} of ${tally.total} registrations did not succeed.${unknownHint}`, hint);
  }
  const code = first.error?.code ?? 'FAILED';
  const message = badCount === 1 ? (first.error?.message ?? 'The registration failed.') : `${badCount} registrations did not succeed; the first: ${first.error?.message}`;
  return new ApiError(code, message, { hint: failureHint(first, code) });
}

/** What to do after a run where nothing succeeded: a rejection does not go away by waiting. */
function failureHint(first: Pick<ResultRow, 'status' | 'id'>, code: string): string {
  if (first.status === 'unknown') return resolveHint(first.id ? [first.id] : []);
  if (code === 'API_REDIRECTED') return REDIRECT_HINT;
  if (code === 'HTTP_404') return 'Check the API URL: tagmango-hooks whoami shows it and where it comes from.';
  const status = /^HTTP_(4\d\d)$/.exec(code)?.[1];
  if (code === 'API_REJECTED' || (status && !RETRYABLE_STATUSES.has(Number(status)))) {
    return 'TagMango refused this request: fix what its message names; sending it again unchanged gets the same answer.';
  }
  return 'Run again later; what succeeded is skipped.';
}

/** The counts of a run in a sentence: "Of 4 registrations: 1 skipped, 1 failed, 2 not sent." */
function countsSentence(tally: RowTally): string {
  if (tally.total <= 1) return '';
  const names: Partial<Record<ResultStatus, string>> = { cancelled: 'not sent' };
  const parts = (Object.keys(tally.counts) as ResultStatus[]).filter((s) => tally.counts[s] > 0).map((s) => `${tally.counts[s]} ${names[s] ?? s}`);
  return `Of ${tally.total} registration${tally.total === 1 ? '' : 's'}: ${parts.join(', ')}.`;
}
