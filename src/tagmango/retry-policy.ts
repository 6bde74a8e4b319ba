import { PROXY_TUNNEL_FAILED } from '../net/failure.js';

/** What went wrong on one attempt, as far as the retry policy cares. */
export type AttemptFailure =
  | { kind: 'status'; status: number; retryAfterMs?: number | undefined }
  | { kind: 'network'; code: string };

/** What to do after a failed attempt. */
export type RetryDecision =
  | { action: 'retry'; delayMs: number }
  /** `outcome`: `failed` when the registration certainly does not exist, `unknown` when it may. */
  | { action: 'stop'; outcome: 'failed' | 'unknown'; reason: 'not-retryable' | 'exhausted' | 'retry-after-too-long' };

/** Statuses that say the request was not processed: safe to send again. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 503]);

/**
 * Gateway failures: the gateway may already have passed the POST on, so it may exist (RFC 9110
 * 9.2.2: a non-idempotent request that may have been applied is not retried automatically).
 */
export const GATEWAY_STATUSES: ReadonlySet<number> = new Set([502, 504]);
export const BASE_DELAY_MS = 500;
export const MAX_DELAY_MS = 30_000;
export const MAX_RETRY_AFTER_MS = 60_000;

/** Network error codes meaning the request never left: safe to send again. */
const NEVER_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** TLS failures happen before the request is written: never sent, and retrying will not help. */
const TLS_CODE = /^(ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_SSL_)/;

/** Whether a network error code proves the request never reached the server. */
export function neverSent(code: string): boolean {
  return NEVER_SENT_CODES.has(code) || TLS_CODE.test(code) || code === PROXY_TUNNEL_FAILED;
}

/**
 * The SPEC's retry policy. Retried: refused, DNS failure, connect timeout, 408, 429, 503.
 * Not retried: 500 and other 4xx (the registration does not exist), nor 502, 504, a reset or a
 * timeout after the request was sent (it may exist, so the outcome is `unknown`).
 */
export function decideRetry(
  failure: AttemptFailure,
  retriesDone: number,
  maxRetries: number,
  random: () => number = Math.random,
): RetryDecision {
  if (failure.kind === 'network' && !neverSent(failure.code)) {
    return { action: 'stop', outcome: 'unknown', reason: 'not-retryable' };
  }
  // Stryker disable next-line ConditionalExpression: a network failure has no status, so the set cannot hold it.
  if (failure.kind === 'status' && GATEWAY_STATUSES.has(failure.status)) {
    return { action: 'stop', outcome: 'unknown', reason: 'not-retryable' };
  }
  const retryable =
    failure.kind === 'network' ? NEVER_SENT_CODES.has(failure.code) : RETRYABLE_STATUSES.has(failure.status);
  if (!retryable) return { action: 'stop', outcome: 'failed', reason: 'not-retryable' };
  if (retriesDone >= maxRetries) return { action: 'stop', outcome: 'failed', reason: 'exhausted' };
  // Stryker disable next-line ConditionalExpression: a network failure has no Retry-After.
  if (failure.kind === 'status' && failure.retryAfterMs !== undefined) {
    if (failure.retryAfterMs > MAX_RETRY_AFTER_MS) {
      return { action: 'stop', outcome: 'failed', reason: 'retry-after-too-long' };
    }
    return { action: 'retry', delayMs: failure.retryAfterMs };
  }
  return { action: 'retry', delayMs: backoffDelay(retriesDone, random) };
}

/** Exponential backoff from ~500 ms with "equal jitter": half fixed, half random. */
export function backoffDelay(retriesDone: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** retriesDone);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? .*\d{2}:\d{2}:\d{2}( GMT| \d{4})$/;

/** Parse a Retry-After header (seconds or an HTTP date) into milliseconds from now. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only an HTTP date (RFC 9110: IMF-fixdate, RFC 850 or asctime); Date.parse alone takes "1.5" as a date.
  if (!HTTP_DATE.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
