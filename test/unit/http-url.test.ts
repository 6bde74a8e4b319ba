import { describe, expect, it } from 'vitest';
import { checkHttpUrl, isHttpUrl } from '../../src/validate/http-url.js';

describe('checkHttpUrl: the one absolute http(s) URL check', () => {
  it.each([
    ['https://hooks.example.com/a', true],
    ['http://127.0.0.1:3000/x', true],
    ['/relative', false],
    ['ftp://hooks.example.com', false],
    ['not a url', false],
  ])('%s -> %s', (raw, ok) => {
    expect(isHttpUrl(raw)).toBe(ok);
  });

  it('names the scheme it refuses', () => {
    expect(checkHttpUrl('ftp://hooks.example.com')).toEqual({ ok: false, problem: 'scheme', scheme: 'ftp' });
    expect(checkHttpUrl('hooks.example.com')).toEqual({ ok: false, problem: 'not-absolute' });
  });
});
