/** Characters RFC 3986 calls unreserved: percent-encoding them changes nothing (section 6.2.2.2). */
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/** Identities already computed: a registry repeats a few hook URLs over thousands of records. */
const known = new Map<string, string>();

/**
 * The hook URL as one endpoint, for comparing registrations: host case and the default port
 * folded (the WHATWG parser does both), the fragment dropped (it never reaches the receiver),
 * percent-encoded unreserved characters decoded and the hex of the other escapes upper-cased.
 * The one rule every lookup of "the same hook URL" uses; requests carry the URL as written.
 */
export function hookUrlIdentity(hookUrl: string): string {
  if (isPlainCanonical(hookUrl)) return hookUrl;
  const found = known.get(hookUrl);
  if (found !== undefined) return found;
  const identity = normalise(hookUrl);
  if (known.size < 4096) known.set(hookUrl, identity);
  return identity;
}

/** Whether two hook URLs name the same endpoint. */
export function sameHookUrl(a: string, b: string): boolean {
  return a === b || hookUrlIdentity(a) === hookUrlIdentity(b);
}

/**
 * A URL the WHATWG parser would give back unchanged and that holds no fragment or escape: its own
 * identity, with no parse (a bulk run looks up tens of thousands of distinct hook URLs). Only a
 * lower-case DNS name with a letter TLD, a port that is not the default one, and path and query
 * of plain characters without dot segments pass; anything else takes the full rule.
 */
const PLAIN = /^(https?):\/\/[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,63}(?::([1-9][0-9]{0,4}))?(?:\/[A-Za-z0-9\-._~!$&'()*+,;=:@]*)+(?:\?[A-Za-z0-9\-._~!$&()*+,;=:@/?]*)?$/;
const DOT_SEGMENT = /\/\.{1,2}(?:[/?]|$)/;

function isPlainCanonical(hookUrl: string): boolean {
  const match = PLAIN.exec(hookUrl);
  if (!match) return false;
  const port = match[2];
  if (port !== undefined && (Number(port) > 65535 || port === (match[1] === 'https' ? '443' : '80'))) return false;
  return !DOT_SEGMENT.test(hookUrl);
}

function normalise(hookUrl: string): string {
  let href: string;
  try {
    const url = new URL(hookUrl);
    url.hash = '';
    href = url.href;
  } catch {
    href = hookUrl;
  }
  return href.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => {
    const char = String.fromCharCode(Number.parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : `%${hex.toUpperCase()}`;
  });
}
