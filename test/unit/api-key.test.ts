import { describe, expect, it } from 'vitest';
import { resolveApiKey, validateApiKey } from '../../src/config/api-key.js';
import { UsageError } from '../../src/errors.js';
import { maskKey, redact } from '../../src/secrets.js';

describe('resolveApiKey', () => {
  it('prefers stdin, then the environment, then the stored key', () => {
    expect(resolveApiKey({ stdin: 'from-stdin-1', env: 'from-env-1', stored: 'stored-1' })).toEqual({ key: 'from-stdin-1', source: 'stdin' });
    expect(resolveApiKey({ env: 'from-env-1', stored: 'stored-1' })).toEqual({ key: 'from-env-1', source: 'env' });
    expect(resolveApiKey({ env: '  ', stored: 'stored-1' })).toEqual({ key: 'stored-1', source: 'config' });
    expect(resolveApiKey({})).toBeUndefined();
  });

  it('rejects an empty key from stdin instead of falling back', () => {
    expect(() => resolveApiKey({ stdin: '', stored: 'stored-1' })).toThrow(UsageError);
  });
});

describe('validateApiKey', () => {
  it('trims surrounding white space', () => {
    expect(validateApiKey('  key-1234\r', 'stdin')).toBe('key-1234');
  });

  it.each(['', '   ', 'abc def', 'abc\tdef', 'abc\u0000def', 'abc\u007fdef'])('rejects %j', (raw) => {
    expect(() => validateApiKey(raw, 'stdin')).toThrow(UsageError);
  });
});

describe('masking', () => {
  it('shows only the last four characters', () => {
    expect(maskKey('tm_live_0123456789abcd')).toBe('****abcd');
    expect(maskKey('short')).toBe('****');
  });

  it('redacts every occurrence of a secret', () => {
    expect(redact('a tm_live_0123456789abcd b tm_live_0123456789abcd', ['tm_live_0123456789abcd'])).toBe('a ****abcd b ****abcd');
  });

  it('masks an echo that holds most of a secret but not all of it', () => {
    const key = 'tm_live_SECRETKEY1234567890abcdEFGH';
    const echo = `part ${key.slice(0, -1)} and ${key.slice(1)} and ${key.slice(0, -4)}****EFGH and ${key.slice(5, 17)}.`;
    const out = redact(echo, [key]);
    expect(out).toBe('part ****EFGH and ****EFGH and ****EFGH****EFGH and ****EFGH.');
    expect(out).not.toMatch(/SECRET|KEY12|7890ab/);
  });

  it('leaves a long run of few different characters alone (zeros a course id shares with a made-up key)', () => {
    const key = 'tm_live_bulk0000000000000000KEY7';
    expect(redact('course 00000000000000000000002a', [key])).toBe('course 00000000000000000000002a');
    expect(redact(`echo ${key.slice(0, -1)}`, [key])).toBe('echo ****KEY7');
  });

  it('masks a run of exactly twelve characters of a secret on its own, wherever it starts; eleven are left alone', () => {
    const key = 'tm_live_SECRETKEY1234567890abcdEFGH';
    for (const start of [0, 1, 5, 11, key.length - 12]) expect(redact(`x ${key.slice(start, start + 12)} y`, [key])).toBe(`x ${maskKey(key)} y`);
    expect(redact(`x ${key.slice(3, 14)} y`, [key])).toBe(`x ${key.slice(3, 14)} y`);
    // A run at the very start or end of the text, and of the secret.
    expect(redact(key.slice(0, 12), [key])).toBe(maskKey(key));
    expect(redact(key.slice(-12), [key])).toBe(maskKey(key));
    expect(redact(`${key.slice(0, 13)}!${key.slice(-13)}`, [key])).toBe(`${maskKey(key)}!${maskKey(key)}`);
  });

  it('masks runs of two places in the secret that overlap, or one inside the other, as one', () => {
    const a = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123';
    // One copy of a's start ending early, one of its middle: the text matches the first, then the second, overlapping.
    const overlapping = `x_${a.slice(0, 14)}#_${a.slice(5, 20)}!`;
    expect(redact(a.slice(0, 20), [overlapping])).toBe(maskKey(overlapping));
    // All of a, and a copy of its middle that ends early: a run inside a longer one.
    const inside = `x_${a}#${a.slice(3, 16)}!`;
    expect(redact(a, [inside])).toBe(maskKey(inside));
  });

  it('measures a run from the place in the secret where it matches longest, not where its first character last occurs', () => {
    const key = 'tm_live_A1b2C3d4E5f6G7h8A9zz';
    expect(redact(`x ${key.slice(8, 22)} y`, [key])).toBe(`x ${maskKey(key)} y`);
  });

  it('masks a run of six different characters, the fewest that count', () => {
    const key = 'tm_live_abcdefabcdefXYZ12345';
    expect(redact('x abcdefabcdef y', [key])).toBe(`x ${maskKey(key)} y`);
    expect(redact('x abcdeabcdeab y', ['tm_live_abcdeabcdeabXYZ12345'])).toBe('x abcdeabcdeab y');
  });

  it('leaves short pieces a secret shares with other text alone', () => {
    const key = 'tm_live_SECRETKEY1234567890abcdEFGH';
    expect(redact('a tm_live_ key and 123456789 x', [key])).toBe('a tm_live_ key and 123456789 x');
  });
});

describe('keys that cannot be TagMango keys', () => {
  it.each(['abc', 'abcdefg', 'tm_key"0123456789', "tm_key'0123456789", 'tm_key\\0123456789', 'tm_key`0123456789', 'tm key 0123456789', 'tm_key\u001b0123456789'])('rejects %j with a sentence and exit 2', (raw) => {
    let caught: unknown;
    try {
      validateApiKey(raw, 'TAGMANGO_API_KEY');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as UsageError).exitCode).toBe(2);
    expect((caught as UsageError).message).toMatch(/^The API key from TAGMANGO_API_KEY .*\.$/);
  });

  it('accepts an 8-character key', () => {
    expect(validateApiKey('abcd1234', 'stdin')).toBe('abcd1234');
  });
});

describe('masking escaped forms', () => {
  const key = 'tm_"weird\\key_0123456789';
  it('masks the JSON-escaped, doubly escaped and percent-encoded forms', () => {
    const json = JSON.stringify({ echo: key });
    expect(redact(json, [key])).not.toContain('weird');
    expect(redact(JSON.stringify(json), [key])).not.toContain('weird');
    expect(redact(`?k=${encodeURIComponent(key)}`, [key])).not.toContain('weird');
    expect(redact(json, [key])).toContain('****6789');
  });
});
