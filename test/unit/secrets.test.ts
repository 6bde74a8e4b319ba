import { describe, expect, it } from 'vitest';
import { maskKey, redact } from '../../src/secrets.js';

const KEY = 'tm_live_0123456789abcd';

/**
 * A key no test used before: redact keeps each key's patterns once worked out, so a test that
 * must see the patterns built now (a mutation run changes them between runs) needs its own.
 */
function freshKey(): string {
  return `tm_live_${crypto.randomUUID().replaceAll('-', '').slice(0, 14)}`;
}
const MASK = '****abcd';

/** The key spelled character by character with a JSON escape (`\u0074`), hex digits in the given case. */
const jsonEscaped = (key: string, upper = false): string =>
  [...key].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).map((e) => (upper ? e.toUpperCase().replace('\\U', '\\u') : e)).join('');

describe('maskKey', () => {
  it('shows the last four characters only of a key longer than eight', () => {
    expect(maskKey('abcdefgh')).toBe('****');
    expect(maskKey('abcdefghi')).toBe('****fghi');
    expect(maskKey('')).toBe('****');
  });
});

describe('redact', () => {
  it('leaves a text without the secret as it is, and skips missing and short secrets', () => {
    expect(redact('nothing here', [KEY])).toBe('nothing here');
    expect(redact('text', [undefined, ''])).toBe('text');
    expect(redact('abc and abc', ['abc'])).toBe('abc and abc');
    expect(redact('abcd and abcd', ['abcd'])).toBe('**** and ****');
  });

  it('masks every secret given', () => {
    expect(redact(`a ${KEY} b tm_test_key_0123456789WXYZ`, [KEY, 'tm_test_key_0123456789WXYZ'])).toBe(`a ${MASK} b ****WXYZ`);
  });

  it('masks the key spelled with JSON escapes, in either case of hex digit, behind any number of backslashes', () => {
    expect(redact(`"${jsonEscaped(KEY)}"`, [KEY])).toBe(`"${MASK}"`);
    const upper = jsonEscaped('tm_live_zzzzzzzzzzzzzz', true);
    expect(upper).toContain('\\u007A');
    expect(redact(upper, ['tm_live_zzzzzzzzzzzzzz'])).toBe('****zzzz');
    expect(redact(`x=\\\\${jsonEscaped(KEY).slice(1)}`, [KEY])).toBe(`x=${MASK}`);
    // Mixed with plain characters.
    expect(redact(`tm_\\u006cive_0123456789abcd`, [KEY])).toBe(MASK);
  });

  it('masks the key percent-encoded character by character, even where encodeURIComponent would not encode, in either case', () => {
    expect(redact('k=tm%5Flive%5f0123456789abcd', [KEY])).toBe(`k=${MASK}`);
    expect(redact('k=%74%6D_live_0123456789ABCD', ['tm_live_0123456789ABCD'])).toBe('k=****ABCD');
    expect(redact('k=%74%6d_live_0123456789abcd', [KEY])).toBe(`k=${MASK}`);
  });

  it('percent-encodes only ASCII one byte at a time: %E9 is not é (UTF-8 spells it %C3%A9)', () => {
    const key = 'tm_café_0123456789';
    expect(redact('tm_caf%E9_0123456789', [key])).toBe('tm_caf%E9_0123456789');
    expect(redact(`tm_caf${encodeURIComponent('é')}_0123456789`, [key])).toBe('****6789');
    expect(redact('tm_x%80_0123456789', ['tm_x\u0080_0123456789'])).toBe('tm_x%80_0123456789');
  });

  it('masks a slash written as \\/ (as JSON may write it)', () => {
    expect(redact('"tm\\/live\\/0123456789"', ['tm/live/0123456789'])).toBe('"****6789"');
  });

  it('reads \\/ as a slash only: it spells no other character', () => {
    const key = freshKey();
    const text = key.replace('_', '\\/');
    // The rest of the key is a run of it and is masked, but the escape is not read as the key's '_'.
    const redacted = redact(text, [key]);
    expect(redacted).not.toBe(maskKey(key));
    expect(redacted.startsWith(key.slice(0, key.indexOf('_')) + '\\/')).toBe(true);
  });

  it('masks every escaped spelling in a text, not only the first', () => {
    const key = freshKey();
    const spelled = jsonEscaped(key);
    expect(redact(`${spelled} and ${spelled} and ${key.replace('_', '%5F')}`, [key])).toBe(`${maskKey(key)} and ${maskKey(key)} and ${maskKey(key)}`);
  });

  it('masks the longest form first: a JSON-escaped key that holds the raw key leaves nothing of it', () => {
    const key = 'tm_live_0123456789\\';
    const json = JSON.stringify(key).slice(1, -1);
    expect(json).toBe('tm_live_0123456789\\\\');
    expect(redact(`[${json}]`, [key])).toBe(`[${maskKey(key)}]`);
    expect(redact(`[${JSON.stringify(json).slice(1, -1)}]`, [key])).toBe(`[${maskKey(key)}]`);
  });
});
