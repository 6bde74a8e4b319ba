import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { MAX_HOOK_URL_LENGTH, normaliseHookUrl, parseHookUrl } from '../../src/validate/hook-url.js';

const PUBLIC = { allowPrivate: false, apiOnLoopback: false };

/** The UsageError a hook URL gets, as [code, message, hint]. */
function refusal(raw: string, rules = PUBLIC, where = ''): [string, string, string | undefined] {
  try {
    parseHookUrl(raw, rules, where);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    const e = error as UsageError;
    return [e.code, e.message, e.hint];
  }
  throw new Error(`${raw} was accepted`);
}

const FIX = 'Give an absolute https URL that TagMango can reach, such as https://hooks.example.com/tagmango.';

describe('parseHookUrl', () => {
  it('normalises an accepted URL and warns of nothing for https', () => {
    expect(parseHookUrl('https://HOOKS.example.com:443/tm', PUBLIC)).toEqual({ hookUrl: 'https://hooks.example.com/tm', warnings: [] });
    expect(parseHookUrl('https://hooks.example.com./tm', PUBLIC).hookUrl).toBe('https://hooks.example.com./tm');
  });

  it('names where the URL came from', () => {
    expect(refusal('', PUBLIC, ' in row 3')).toEqual(['INVALID_HOOK_URL', 'Hook URL in row 3 is empty.', FIX]);
    expect(refusal('   ')[1]).toBe('Hook URL is empty.');
  });

  it('takes up to the length limit, and refuses one character more', () => {
    const at = `https://hooks.example.com/${'a'.repeat(MAX_HOOK_URL_LENGTH - 'https://hooks.example.com/'.length)}`;
    expect(at).toHaveLength(MAX_HOOK_URL_LENGTH);
    expect(parseHookUrl(at, PUBLIC).hookUrl).toBe(at);
    expect(refusal(`${at}a`)).toEqual(['INVALID_HOOK_URL', `Hook URL is longer than ${MAX_HOOK_URL_LENGTH} characters.`, 'Use a shorter URL.']);
  });

  it.each(['https://hooks.example.com/a b', 'https://hooks.example.com/a\tb', 'https://hooks.example.com/\u0085', 'https://hooks.example.com/\u007f'])('refuses white space and control characters in %j', (raw) => {
    const [code, message, hint] = refusal(raw);
    expect([code, hint]).toEqual(['INVALID_HOOK_URL', 'Percent-encode them (a space is %20).']);
    expect(message).toMatch(/^Hook URL ".*" contains white space or control characters\.$/);
  });

  it('says which scheme, or that there is no host, or that it is no URL', () => {
    expect(refusal('ftp://hooks.example.com/x')).toEqual(['INVALID_HOOK_URL', 'Hook URL must use http or https, not "ftp".', FIX]);
    expect(refusal('hooks.example.com/x')).toEqual(['INVALID_HOOK_URL', 'Hook URL "hooks.example.com/x" is not an absolute URL.', FIX]);
  });

  it('refuses port 0, an empty label, and credentials', () => {
    expect(refusal('https://hooks.example.com:0/x')).toEqual(['INVALID_HOOK_URL', 'Hook URL "https://hooks.example.com:0/x" has port 0, which nothing can listen on.', 'Leave the port out, or give the one the receiver listens on.']);
    expect(refusal('https://hooks..example.com/x')[1]).toBe('Hook URL "https://hooks..example.com/x" has an empty label in its host name (two dots in a row, or a leading dot).');
    expect(refusal('https://.example.com/x')[1]).toContain('empty label');
    // A trailing dot is the root label; one more is an empty one.
    expect(refusal('https://hooks.example.com../x')).toEqual(['INVALID_HOOK_URL', 'Hook URL "https://hooks.example.com../x" has an empty label in its host name (two dots in a row, or a leading dot).', FIX]);
    expect(refusal('https://./x')[0]).toBe('INVALID_HOOK_URL');
    expect(refusal('https://user@hooks.example.com/x')).toEqual(['INVALID_HOOK_URL', 'Hook URL must not contain credentials (user:password@).', 'Remove them; verify deliveries another way, such as a secret path segment.']);
    expect(refusal('https://:pw@hooks.example.com/x')[1]).toContain('credentials');
  });

  it('accepts an IPv6 address, whose brackets hold no labels', () => {
    expect(parseHookUrl('https://[2606:4700::1111]/x', PUBLIC).hookUrl).toBe('https://[2606:4700::1111]/x');
  });

  it('refuses loopback and private hosts, unless allowed or the API itself is on loopback', () => {
    expect(refusal('https://127.0.0.1/x')).toEqual([
      'PRIVATE_HOOK_URL',
      'Hook URL points at this machine (127.0.0.1), which TagMango cannot reach.',
      'Expose it with a public URL (for example a tunnel), or pass --allow-private if you know why.',
    ]);
    expect(refusal('https://10.0.0.1/x')[1]).toBe('Hook URL points at a private or local address (10.0.0.1), which TagMango cannot reach.');
    expect(parseHookUrl('https://10.0.0.1/x', { allowPrivate: true, apiOnLoopback: false }).hookUrl).toBe('https://10.0.0.1/x');
    expect(parseHookUrl('https://10.0.0.1/x', { allowPrivate: false, apiOnLoopback: true }).hookUrl).toBe('https://10.0.0.1/x');
  });

  it('warns of plain http, except when the API is on loopback (the sandbox)', () => {
    expect(parseHookUrl('http://hooks.example.com/x', PUBLIC).warnings).toEqual([
      {
        code: 'INSECURE_HOOK_URL',
        message: "Hook URL http://hooks.example.com/x uses plain http: TagMango would send students' personal data unencrypted. Prefer https.",
        hookUrl: 'http://hooks.example.com/x',
      },
    ]);
    expect(parseHookUrl('http://127.0.0.1:4020/x', { allowPrivate: false, apiOnLoopback: true }).warnings).toEqual([]);
  });
});

describe('normaliseHookUrl', () => {
  it('serialises a URL as the registry keeps it, and leaves anything else as typed, trimmed', () => {
    expect(normaliseHookUrl(' https://HOOKS.example.com:443 ')).toBe('https://hooks.example.com/');
    expect(normaliseHookUrl(' not a url ')).toBe('not a url');
  });
});
