import { describe, expect, it } from 'vitest';
import { ApiError, AuthError } from '../../src/errors.js';
import { header, judgeAnswer, type SeenAnswer } from '../../src/tagmango/judge-answer.js';

const KEY = 'tm_live_0123456789abcd';

/** An answer as the client saw it: the body whole unless told otherwise. */
function seen(status: number, body: unknown, extra: { headers?: SeenAnswer['headers']; truncated?: boolean; failure?: 'timeout' | 'error' } = {}): SeenAnswer {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { status, headers: extra.headers ?? {}, text, answer: { text, truncated: extra.truncated ?? false, ...(extra.failure ? { failure: extra.failure } : {}) }, timeoutMs: 30_000 };
}

describe('judgeAnswer: a 2xx', () => {
  it.each([200, 201, 204, 299])('%i is created, with the remote id from result._id or result.id', (status) => {
    expect(judgeAnswer(seen(status, { success: true, result: { _id: 'abc' } }), KEY)).toEqual({ kind: 'created', remoteId: 'abc', response: { success: true, result: { _id: 'abc' } } });
  });

  it('reads a numeric id, and an _id before an id; no usable id is undefined', () => {
    expect(judgeAnswer(seen(201, { result: { id: 42 } }), KEY)).toMatchObject({ kind: 'created', remoteId: '42' });
    expect(judgeAnswer(seen(201, { result: { _id: 'a', id: 'b' } }), KEY)).toMatchObject({ remoteId: 'a' });
    expect(judgeAnswer(seen(201, { result: { _id: { nested: true } } }), KEY)).toMatchObject({ remoteId: undefined });
    expect(judgeAnswer(seen(201, { result: 'x' }), KEY)).toMatchObject({ remoteId: undefined });
    expect(judgeAnswer(seen(201, { result: null }), KEY)).toMatchObject({ remoteId: undefined });
  });

  it('keeps a body that is not JSON as an excerpt, an empty one as nothing', () => {
    expect(judgeAnswer(seen(201, 'ok\n  done'), KEY)).toEqual({ kind: 'created', remoteId: undefined, response: 'ok done' });
    expect(judgeAnswer(seen(201, ''), KEY)).toEqual({ kind: 'created', remoteId: undefined, response: undefined });
    expect(judgeAnswer(seen(201, '   '), KEY)).toEqual({ kind: 'created', remoteId: undefined, response: '' });
  });

  it('reads JSON after a byte order mark, and keeps one inside a text', () => {
    expect(judgeAnswer(seen(201, '\ufeff{"result":{"_id":"x"}}'), KEY)).toMatchObject({ kind: 'created', remoteId: 'x' });
    const judged = judgeAnswer(seen(500, '{"message":"a\ufeffb"}'), KEY);
    // The excerpt reads it as white space, as \s does.
    expect(judged.kind === 'status' && judged.error.message).toBe('TagMango failed with 500: "a b".');
  });

  it('keeps success: "true" as true in the kept answer', () => {
    expect(judgeAnswer(seen(201, { success: 'true' }), KEY)).toEqual({ kind: 'created', remoteId: undefined, response: { success: true } });
  });

  it('every error carries the status it was judged from', () => {
    const statusOf = (answer: SeenAnswer): number | undefined => {
      const judged = judgeAnswer(answer, KEY);
      return judged.kind === 'created' ? undefined : (judged.error as ApiError).status;
    };
    expect(statusOf(seen(201, '{"a', { failure: 'error' }))).toBe(201);
    expect(statusOf(seen(200, '<html>'))).toBe(200);
    expect(statusOf(seen(202, { success: false }))).toBe(202);
    expect(statusOf(seen(302, ''))).toBe(302);
    expect(statusOf(seen(500, ''))).toBe(500);
  });

  it('a truncated body is not parsed: created, with an excerpt', () => {
    expect(judgeAnswer(seen(201, { success: false }, { truncated: true }), KEY)).toMatchObject({ kind: 'created', remoteId: undefined, response: '{"success":false}' });
  });

  it('success: false (or "false") is failed, quoting the message when there is one', () => {
    const failed = judgeAnswer(seen(200, { success: false, message: 'Invalid course' }), KEY);
    expect(failed).toMatchObject({ kind: 'final', outcome: 'failed' });
    expect(failed.kind === 'final' && failed.error).toBeInstanceOf(ApiError);
    expect(failed.kind === 'final' && [failed.error.code, failed.error.message]).toEqual(['API_REJECTED', 'TagMango answered 200 but success: false: "Invalid course".']);
    const bare = judgeAnswer(seen(201, { success: 'false' }), KEY);
    expect(bare.kind === 'final' && bare.error.message).toBe('TagMango answered 201 but success: false.');
    expect(judgeAnswer(seen(201, { success: 'true' }), KEY)).toMatchObject({ kind: 'created' });
    expect(judgeAnswer(seen(201, { success: 'no' }), KEY)).toMatchObject({ kind: 'created' });
  });

  it('an HTML page (by type or by its first tag) is unknown: a gateway or portal', () => {
    for (const answer of [seen(200, '<!DOCTYPE html><p>hi'), seen(200, '  <html>'), seen(200, 'hi', { headers: { 'content-type': ' Text/HTML; charset=utf-8' } }), seen(200, 'hi', { headers: { 'content-type': ['text/html', 'x'] } })]) {
      const judged = judgeAnswer(answer, KEY);
      expect(judged).toMatchObject({ kind: 'final', outcome: 'unknown' });
      expect(judged.kind === 'final' && [judged.error.code, judged.error.hint]).toEqual(['UNEXPECTED_RESPONSE', 'Check --api-url, then the TagMango dashboard.']);
      expect(judged.kind === 'final' && judged.error.message).toBe('TagMango answered 200 with an HTML page, not its API\'s answer (a gateway or portal page?): the webhook may or may not have been registered.');
    }
    expect(judgeAnswer(seen(200, 'x <html>', { headers: { 'content-type': 'application/json' } }), KEY)).toMatchObject({ kind: 'created' });
    expect(judgeAnswer(seen(200, '{}', { headers: { 'content-type': 'application/json; note=text/html' } }), KEY)).toMatchObject({ kind: 'created' });
  });

  it('a body that did not finish is unknown', () => {
    const judged = judgeAnswer(seen(201, '{"succ', { failure: 'timeout' }), KEY);
    expect(judged).toMatchObject({ kind: 'final', outcome: 'unknown' });
    expect(judged.kind === 'final' && judged.error.code).toBe('UNFINISHED_RESPONSE');
  });

  it('masks the key in the kept answer, also where JSON escapes spell it, in keys and in arrays', () => {
    const escaped = `{"result":{"_id":"r","echo":"${KEY.replace('t', '\\u0074')}","list":["${KEY}",1,null],"none":null,"${KEY}":true}}`;
    const judged = judgeAnswer(seen(201, escaped), KEY);
    expect(judged).toEqual({ kind: 'created', remoteId: 'r', response: { result: { _id: 'r', echo: '****abcd', list: ['****abcd', 1, null], none: null, '****abcd': true } } });
  });
});

describe('judgeAnswer: other statuses', () => {
  it.each([301, 302, 307, 308])('%i is a refused redirect, naming its target with the key masked', (status) => {
    const judged = judgeAnswer(seen(status, '', { headers: { location: `https://elsewhere.example/?k=${KEY}` } }), KEY);
    expect(judged).toMatchObject({ kind: 'final', outcome: 'failed' });
    expect(judged.kind === 'final' && judged.error.code).toBe('API_REDIRECTED');
    expect(judged.kind === 'final' && judged.error.message).toContain('"https://elsewhere.example/?k=****abcd"');
    expect(judged.kind === 'final' && judged.error.message).not.toContain(KEY);
  });

  it('303 may follow processing: unknown; a redirect without Location says so', () => {
    const judged = judgeAnswer(seen(303, ''), KEY);
    expect(judged).toMatchObject({ kind: 'final', outcome: 'unknown' });
    expect(judged.kind === 'final' && judged.error.message).toContain('an address it did not name');
  });

  it.each([
    [401, 'API_KEY_REJECTED'],
    [403, 'API_KEY_FORBIDDEN'],
  ])('%i is an auth error for the retry policy', (status, code) => {
    const judged = judgeAnswer(seen(status, { message: 'nope' }), KEY);
    expect(judged.kind).toBe('status');
    expect(judged.kind === 'status' && judged.error).toBeInstanceOf(AuthError);
    expect(judged.kind === 'status' && [judged.error.code, judged.error.hint]).toEqual([code, 'Check the key in TagMango (Dashboard > Automation > Platform Integrations), then run: tagmango-hooks login']);
    expect(judged.kind === 'status' && judged.error.message).toContain('"nope"');
  });

  it('another status goes to the retry policy with its message, an HTML page said as such, or nothing', () => {
    const withMessage = judgeAnswer(seen(500, { message: 'boom' }), KEY);
    expect(withMessage.kind === 'status' && [withMessage.error.code, withMessage.error.message]).toEqual(['HTTP_500', 'TagMango failed with 500: "boom".']);
    const html = judgeAnswer(seen(503, '<html>down</html>'), KEY);
    expect(html.kind === 'status' && html.error.message).toContain('an HTML error page');
    const bare = judgeAnswer(seen(503, ''), KEY);
    expect(bare.kind === 'status' && bare.error.message).toBe('TagMango failed with 503.');
    expect(judgeAnswer(seen(199, ''), KEY).kind).toBe('status');
    expect(judgeAnswer(seen(300, ''), KEY).kind).toBe('status');
  });

  it('a long message is cut short and its control characters escaped', () => {
    const judged = judgeAnswer(seen(500, { message: `a\u001b[2J${'x'.repeat(300)}` }), KEY);
    const message = judged.kind === 'status' ? judged.error.message : '';
    expect(message).toContain('\\u001b[2J');
    expect(message).toContain('…');
    expect(message.length).toBeLessThan(260);
  });

  it('a field of the wrong type is dropped alone', () => {
    const judged = judgeAnswer(seen(500, { message: 7, code: 'x' }), KEY);
    expect(judged.kind === 'status' && judged.error.message).toBe('TagMango failed with 500.');
  });
});

describe('header', () => {
  it('gives the first value of a repeated header', () => {
    expect(header(['a', 'b'])).toBe('a');
    expect(header('c')).toBe('c');
    expect(header(undefined)).toBeUndefined();
  });
});
