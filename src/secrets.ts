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
 * The secret spelled with escapes a reader decodes, each character on its own: JSON's `\u0041`
 * (behind any number of backslashes, as in a JSON string inside a JSON string), `\/`, and
 * percent-encoding (`%41`), mixed freely with plain characters; hex digits in either case.
 */
function escapedSpellings(secret: string): RegExp {
  const hexOf = (code: number, width: number): string =>
    [...code.toString(16).padStart(width, '0')].map((d) => (/[a-f]/.test(d) ? `[${d}${d.toUpperCase()}]` : d)).join('');
  let source = '';
  for (let i = 0; i < secret.length; i++) {
    const code = secret.charCodeAt(i);
    // The character itself; escapes start a run of backslashes at its start, so a long run is scanned once, not once per backslash.
    const ways = [`\\u${code.toString(16).padStart(4, '0')}`, `(?<!\\\\)\\\\+u${hexOf(code, 4)}`];
    if (code < 0x80) ways.push(`%${hexOf(code, 2)}`);
    if (secret[i] === '/') ways.push('(?<!\\\\)\\\\+/');
    source += `(?:${ways.join('|')})`;
  }
  return new RegExp(source, 'g');
}

/**
 * A run of this many characters of a secret is masked even where the rest is missing (an echo
 * cut short or missing a character): it gives away most of the secret. Shorter runs (a `tm_live_`
 * prefix) are left alone.
 */
const PARTIAL_RUN = 12;

/** A run of fewer different characters than this (the zeros of a made-up key) gives little away and is left alone. */
const MIN_DISTINCT = 6;

/** Half a run: the pieces of a secret that runs are found by. */
const HALF = PARTIAL_RUN / 2;

/**
 * The secret's pieces of half a run at every multiple of half a run (piece `i` starts at `i *
 * HALF`): every run of PARTIAL_RUN characters holds one whole, so runs are found from them.
 */
function piecesOf(secret: string): string[] {
  // Stryker disable next-line ArrayDeclaration: a piece no text holds finds no run.
  const pieces: string[] = [];
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a secret of at most one run has no run but its whole self, which its forms mask.
  if (secret.length < PARTIAL_RUN) return pieces;
  // Stryker disable next-line EqualityOperator: every run holds a whole piece before the last one.
  for (let i = 0; i + HALF <= secret.length; i += HALF) pieces.push(secret.slice(i, i + HALF));
  return pieces;
}

/** Whether `text` from `start` to `end` holds at least `count` different characters (counted without allocating a set per look). */
function hasDistinct(text: string, start: number, end: number, count: number): boolean {
  let seen = '';
  // Stryker disable next-line ConditionalExpression,EqualityOperator: stopping once enough are seen only spares the rest of the look.
  for (let i = start; i < end && seen.length < count; i++) if (!seen.includes(text[i] as string)) seen += text[i];
  return seen.length >= count;
}

/**
 * Replace each run of at least PARTIAL_RUN characters of the secret (in its order) by the mask.
 * Only the places where a piece occurs are looked at, each widened both ways while text and
 * secret agree: the work grows with the pieces found, not with the length of the text.
 */
function maskRuns(text: string, secret: string, pieces: readonly string[], mask: string): string {
  // Stryker disable next-line ArrayDeclaration: a run that is no pair of numbers sorts first and masks nothing.
  const runs: Array<[number, number]> = [];
  pieces.forEach((piece, index) => {
    for (let found = text.indexOf(piece); found !== -1; found = text.indexOf(piece, found + 1)) {
      let start = found;
      let from = index * HALF;
      // Past either start, a character is undefined and matches nothing but the other's undefined.
      while (from > 0 && text[start - 1] === secret[from - 1]) (start--, from--);
      let end = found + HALF;
      let to = index * HALF + HALF;
      while (to < secret.length && text[end] === secret[to]) (end++, to++);
      if (end - start >= PARTIAL_RUN && hasDistinct(text, start, end, MIN_DISTINCT)) runs.push([start, end]);
    }
  });
  // Stryker disable next-line ConditionalExpression: a shortcut; with no run the text is put back whole anyway.
  if (runs.length === 0) return text;
  runs.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [start, end] of runs) {
    if (start >= at) {
      out += text.slice(at, start) + mask;
      at = end;
    } else {
      // Overlaps the run masked just before, or lies inside it: masked with it.
      at = Math.max(at, end);
    }
  }
  return out + text.slice(at);
}

/** A secret's forms and mask, worked out once per secret: every line of output and every answer is scrubbed. */
const masks = new Map<string, { forms: readonly string[]; escaped: RegExp; pieces: readonly string[]; mask: string }>();

function masksFor(secret: string): { forms: readonly string[]; escaped: RegExp; pieces: readonly string[]; mask: string } {
  let entry = masks.get(secret);
  // Stryker disable next-line ConditionalExpression: a cache; working the masks out again gives the same ones.
  if (entry === undefined) {
    // A run knows one or two keys; the bound only keeps a long-lived caller (a test worker) from collecting them.
    // Stryker disable next-line ConditionalExpression,EqualityOperator: the bound of a cache changes no output.
    if (masks.size >= 16) masks.clear();
    entry = { forms: secretForms(secret), escaped: escapedSpellings(secret), pieces: piecesOf(secret), mask: maskKey(secret) };
    masks.set(secret, entry);
  }
  return entry;
}

/**
 * Replace every occurrence of the given secrets, in any form they can be echoed in, by their
 * masked form. Call it on raw text before any cut or escaping. A text without a secret is
 * returned as it is, without a copy.
 */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    // Shorter keys are refused at login and in TAGMANGO_API_KEY; masking every short string would garble output.
    if (!secret || secret.length < 4) continue;
    const { forms, escaped, pieces, mask } = masksFor(secret);
    // Stryker disable next-line ConditionalExpression: spares a copy; replacing a form that is not there changes nothing.
    for (const form of forms) if (out.includes(form)) out = out.replaceAll(form, mask);
    // A text with neither a backslash nor a percent sign cannot spell a secret with escapes.
    // Stryker disable next-line ConditionalExpression,StringLiteral: spares a scan; without them the pattern finds only the plain forms, already masked.
    if (out.includes('\\') || out.includes('%')) out = out.replace(escaped, mask);
    out = maskRuns(out, secret, pieces, mask);
  }
  return out;
}
