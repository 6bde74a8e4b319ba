/** The result of checking a text as an absolute http(s) URL: the parsed URL, or what is wrong. */
export type HttpUrlCheck =
  | { readonly ok: true; readonly url: URL }
  | { readonly ok: false; readonly problem: 'not-absolute' | 'no-host' }
  | { readonly ok: false; readonly problem: 'scheme'; readonly scheme: string };

/** The one check of an absolute http(s) URL with a host; callers word the refusal for their option. */
export function checkHttpUrl(raw: string): HttpUrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, problem: 'not-absolute' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, problem: 'scheme', scheme: url.protocol.replace(/:$/, '') };
  if (!url.hostname) return { ok: false, problem: 'no-host' };
  return { ok: true, url };
}

/** True for an absolute http(s) URL with a host. */
export function isHttpUrl(raw: string): boolean {
  return checkHttpUrl(raw).ok;
}
