import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hookUrlIdentity, sameHookUrl } from '../../src/registry/hook-url-identity.js';

const url = fc.webUrl({ withFragments: true, withQueryParameters: true, size: 'small' });

describe('hookUrlIdentity: one endpoint, one identity', () => {
  it('is idempotent and ignores the fragment', () => {
    fc.assert(
      fc.property(url, (u) => {
        const id = hookUrlIdentity(u);
        expect(hookUrlIdentity(id)).toBe(id);
        expect(id).not.toContain('#');
        expect(sameHookUrl(u, `${u.split('#')[0]}#another`)).toBe(true);
      }),
    );
  });

  it('percent-encoding an unreserved character, or the hex case of an escape, changes nothing', () => {
    fc.assert(
      fc.property(url, fc.constantFrom('a', 'Z', '0', '-', '.', '_', '~'), (u, char) => {
        const plain = `${u.split('#')[0]}${u.includes('?') ? '&' : '?'}k=${char}%2f`;
        const encoded = plain.replace(`k=${char}`, `k=%${char.charCodeAt(0).toString(16)}`).replace('%2f', '%2F');
        expect(hookUrlIdentity(encoded)).toBe(hookUrlIdentity(plain));
      }),
    );
  });

  it('keeps what tells endpoints apart: reserved escapes, path, query, scheme', () => {
    expect(sameHookUrl('https://h.example.com/a%2Fb', 'https://h.example.com/a/b')).toBe(false);
    expect(sameHookUrl('https://h.example.com/a', 'https://h.example.com/a/')).toBe(false);
    expect(sameHookUrl('https://h.example.com/a?x=1', 'https://h.example.com/a?x=2')).toBe(false);
    expect(sameHookUrl('http://h.example.com/a', 'https://h.example.com/a')).toBe(false);
    expect(hookUrlIdentity('https://H.example.com:443/%7eteam/a%3d#f')).toBe('https://h.example.com/~team/a%3D');
  });
});

describe('hookUrlIdentity: the shortcut for URLs already in their canonical form', () => {
  it('gives what the full rule gives, for any URL', () => {
    const tricky = fc.constantFrom(
      'https://hooks.example.com/a',
      'https://hooks.example.com:443/a',
      'http://hooks.example.com:80/a',
      'https://hooks.example.com:8443/a?x=1',
      'https://hooks.example.com:08443/a',
      'https://hooks.example.com:99999/a',
      'https://hooks.example.com/a/./b',
      'https://hooks.example.com/a/../b',
      'https://hooks.example.com/a/..',
      'https://hooks.example.com/a/.hidden',
      'https://0x7f.example.com/a',
      'https://xn--bcher-kva.example/a',
      'https://hooks.example.com/a?b=/./c',
    );
    const pathy = fc
      .tuple(fc.constantFrom('https://h.example.com', 'http://h.example.com:80', 'https://H.example.com', 'https://h.example.com:8080'), fc.string({ unit: fc.constantFrom(...`aZ09-._~%2eE/?#:@!$&'()*+,;=\\"<>{}^|\``) }))
      .map(([origin, rest]) => `${origin}/${rest}`);
    fc.assert(
      fc.property(fc.oneof(tricky, url, pathy), (u) => {
        let full: string;
        try {
          const parsed = new URL(u);
          parsed.hash = '';
          full = parsed.href.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => {
            const char = String.fromCharCode(Number.parseInt(hex, 16));
            return /^[A-Za-z0-9\-._~]$/.test(char) ? char : `%${hex.toUpperCase()}`;
          });
        } catch {
          full = u;
        }
        expect(hookUrlIdentity(u)).toBe(full);
      }),
      { numRuns: 1000 },
    );
  });
});
