import { describe, expect, it } from 'vitest';
import { describeFailure } from '../../src/tagmango/describe-failure.js';
import { PROXY_TUNNEL_FAILED, connectFailure, excerpt, networkErrorCode } from '../../src/net/failure.js';

describe('network failures: one mapping for TagMango and deliveries', () => {
  it('finds the code on the error, on its cause, or in a refused proxy tunnel', () => {
    expect(networkErrorCode(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe('ECONNREFUSED');
    expect(networkErrorCode(new Error('fetch failed', { cause: Object.assign(new Error('y'), { code: 'ENOTFOUND' }) }))).toBe('ENOTFOUND');
    expect(networkErrorCode(Object.assign(new Error('Proxy response (403) !== 200 when HTTP Tunneling'), { code: 'UND_ERR_ABORTED' }))).toBe(PROXY_TUNNEL_FAILED);
    expect(networkErrorCode('nothing')).toBe('UNKNOWN');
  });

  it('says what failed before sending in one wording; TagMango adds that nothing was registered', () => {
    expect(connectFailure('ENOTFOUND', 'api.example')).toBe('Could not resolve api.example (DNS failure)');
    expect(connectFailure('ECONNRESET', 'api.example')).toBeUndefined();
    expect(describeFailure('ENOTFOUND', 'api.example', 1000)).toBe('Could not resolve api.example (DNS failure). Nothing was registered.');
    expect(describeFailure('ECONNRESET', 'api.example', 1000)).toBe('The connection to api.example was closed after the request was sent: the webhook may or may not have been registered.');
  });

  it('excerpts fold white space, cut long answers and escape control characters', () => {
    expect(excerpt('a\n  b')).toBe('a b');
    expect(excerpt('x'.repeat(300), 10)).toBe(`${'x'.repeat(10)}…`);
    expect(excerpt('bell\u0007')).not.toContain('\u0007');
  });
});
