/** Mask an API key for display: `****` plus its last four characters (nothing more for a short key). */
export function maskKey(key: string): string {
  return `****${key.length > 8 ? key.slice(-4) : ''}`;
}

/**
 * The forms a secret can take once echoed: raw, JSON-escaped (once and twice, as in a JSON string
 * inside a JSON string) and percent-encoded. Longest first, so a form inside another is masked whole.
 */
function secretForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const jsonTwice = JSON.stringify(json).slice(1, -1);
  return [...new Set([secret, json, jsonTwice, encodeURIComponent(secret)])].sort((a, b) => b.length - a.length);
}

/**
 * Replace every occurrence of the given secrets, in any form they can be echoed in, by their
 * masked form. Call it on raw text before any cut or escaping.
 */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    // Shorter keys are refused at login and in TAGMANGO_API_KEY; masking every short string would garble output.
    if (!secret || secret.length < 4) continue;
    for (const form of secretForms(secret)) out = out.split(form).join(maskKey(secret));
  }
  return out;
}
