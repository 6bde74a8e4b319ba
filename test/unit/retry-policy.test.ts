import { describe, expect, it } from 'vitest';
import {
  BASE_DELAY_MS,
  MAX_DELAY_MS,
  MAX_RETRY_AFTER_MS,
  backoffDelay,
  decideRetry,
  neverSent,
  parseRetryAfter,
} from '../../src/tagmango/retry-policy.js';

const low = (): number => 0;
const high = (): number => 0.999999;

describe('decideRetry', () => {
  it.each([502, 504])('never retries %i: a gateway may have passed the POST on, so the outcome is unknown', (status) => {
    expect(decideRetry({ kind: 'status', status }, 0, 3, low)).toEqual({ action: 'stop', outcome: 'unknown', reason: 'not-retryable' });
  });

  it.each([408, 429, 503])('retries %i while retries remain, then stops as failed', (status) => {
    expect(decideRetry({ kind: 'status', status }, 0, 3, low)).toEqual({ action: 'retry', delayMs: BASE_DELAY_MS / 2 });
    expect(decideRetry({ kind: 'status', status }, 3, 3, low)).toEqual({ action: 'stop', outcome: 'failed', reason: 'exhausted' });
  });

  it.each([400, 401, 403, 404, 409, 422, 500, 501])('never retries %i: the registration does not exist', (status) => {
    expect(decideRetry({ kind: 'status', status }, 0, 3, low)).toEqual({ action: 'stop', outcome: 'failed', reason: 'not-retryable' });
  });

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT'])('retries %s (never sent)', (code) => {
    expect(decideRetry({ kind: 'network', code }, 1, 3, low)).toEqual({ action: 'retry', delayMs: BASE_DELAY_MS });
    expect(decideRetry({ kind: 'network', code }, 3, 3, low)).toMatchObject({ action: 'stop', outcome: 'failed', reason: 'exhausted' });
  });

  it.each(['ECONNRESET', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'EPIPE', 'UNKNOWN'])('stops at once on %s as unknown (may have been sent)', (code) => {
    expect(decideRetry({ kind: 'network', code }, 0, 3, low)).toEqual({ action: 'stop', outcome: 'unknown', reason: 'not-retryable' });
  });

  it('stops TLS failures as failed without retrying (never sent, retrying will not help)', () => {
    expect(neverSent('ERR_TLS_CERT_ALTNAME_INVALID')).toBe(true);
    expect(decideRetry({ kind: 'network', code: 'CERT_HAS_EXPIRED' }, 0, 3, low)).toEqual({ action: 'stop', outcome: 'failed', reason: 'not-retryable' });
  });

  it('stops a refused proxy tunnel as failed: the request never left', () => {
    expect(neverSent('PROXY_TUNNEL_FAILED')).toBe(true);
    expect(decideRetry({ kind: 'network', code: 'PROXY_TUNNEL_FAILED' }, 0, 3, low)).toEqual({ action: 'stop', outcome: 'failed', reason: 'not-retryable' });
  });

  it('honours Retry-After up to 60 s and gives up beyond', () => {
    expect(decideRetry({ kind: 'status', status: 429, retryAfterMs: 0 }, 0, 3, high)).toEqual({ action: 'retry', delayMs: 0 });
    expect(decideRetry({ kind: 'status', status: 503, retryAfterMs: MAX_RETRY_AFTER_MS }, 0, 3, high)).toEqual({ action: 'retry', delayMs: MAX_RETRY_AFTER_MS });
    expect(decideRetry({ kind: 'status', status: 429, retryAfterMs: MAX_RETRY_AFTER_MS + 1 }, 0, 3, high)).toEqual({ action: 'stop', outcome: 'failed', reason: 'retry-after-too-long' });
  });

  it('never retries a gateway failure, even with a Retry-After and retries left', () => {
    for (const status of [502, 504]) {
      expect(decideRetry({ kind: 'status', status, retryAfterMs: 0 }, 0, 3, low)).toEqual({ action: 'stop', outcome: 'unknown', reason: 'not-retryable' });
    }
  });

  it('only the never-sent network codes are retried; a TLS failure or a refused tunnel is never sent but not retried', () => {
    expect(neverSent('ECONNRESET')).toBe(false);
    expect(neverSent('XERR_TLS_')).toBe(false);
    expect(decideRetry({ kind: 'network', code: 'ERR_SSL_WRONG_VERSION_NUMBER' }, 0, 3, low)).toMatchObject({ action: 'stop', outcome: 'failed' });
  });

  it('a Retry-After on a status that is not retryable changes nothing', () => {
    expect(decideRetry({ kind: 'status', status: 500, retryAfterMs: 0 }, 0, 3, low)).toEqual({ action: 'stop', outcome: 'failed', reason: 'not-retryable' });
  });

  it('a Retry-After does not lift the limit of retries', () => {
    expect(decideRetry({ kind: 'status', status: 429, retryAfterMs: 0 }, 3, 3, low)).toEqual({ action: 'stop', outcome: 'failed', reason: 'exhausted' });
  });

  it('with zero retries stops at the first retryable failure', () => {
    expect(decideRetry({ kind: 'status', status: 503 }, 0, 0, low)).toMatchObject({ action: 'stop', reason: 'exhausted' });
  });
});

describe('backoffDelay', () => {
  it('doubles from ~500 ms with equal jitter (half fixed, half random)', () => {
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, low))).toEqual([250, 500, 1000, 2000]);
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, high))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffDelay(0, () => 0.5)).toBe(375);
  });

  it('is capped at 30 s however many retries were done', () => {
    expect(backoffDelay(20, high)).toBe(MAX_DELAY_MS);
    expect(backoffDelay(20, low)).toBe(MAX_DELAY_MS / 2);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads whole seconds, of any number of digits', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 7 ', now)).toBe(7000);
    expect(parseRetryAfter('120', now)).toBe(120_000);
  });
  it('reads the asctime form too', () => {
    expect(parseRetryAfter('Thu Jan  1 00:00:05 2026', now)).toBe(5000);
  });
  it.each(['Thu, 01 Jan 2026 01:00:05 GMT+0100', 'Thu, 01 Jan 2026 0:00:05 GMT', 'Thu, 99 Foo 2026 99:99:99 GMT', 'Xyz, 01 Jan 2026 00:00:05 GMT', 'Thu, 01 Jan 2026 00:00:05 UTC', 'on Thu, 01 Jan 2026 00:00:05 GMT'])(
    'ignores %j, which is no HTTP date',
    (value) => {
      expect(parseRetryAfter(value, now)).toBeUndefined();
    },
  );
  it('reads an HTTP date in each RFC 9110 form, relative to now, never negative', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Thursday, 01-Jan-26 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
  });
  it.each([undefined, '', 'soon', '1.5', '-1', '2'.padStart(3, ' ') + 'x'])('ignores %j', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});
