/** Mask an API key for display: `****` plus its last four characters. */
export function maskKey(key: string): string {
  return `****${key.length > 8 ? key.slice(-4) : ''}`;
}

/** Replace every occurrence of the given secrets in a text by their masked form. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join(maskKey(secret));
  }
  return out;
}
