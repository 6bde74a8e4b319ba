import stringWidth from 'string-width';

/**
 * Text measured and cut in terminal columns, not code units: a wide character (CJK, most emoji)
 * takes two, a combining mark none, and colour codes none (string-width knows the Unicode tables).
 * Cuts fall between grapheme clusters, so a flag or an accented letter is never split.
 */

/** How many columns a text takes on a terminal. */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

const ELLIPSIS = '...';
const segmenter = new Intl.Segmenter();

function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** The longest start of `parts` that fits in `width` columns. */
function takeWidth(parts: readonly string[], width: number): string {
  let used = 0;
  let out = '';
  for (const part of parts) {
    const w = stringWidth(part);
    if (used + w > width) break;
    used += w;
    out += part;
  }
  return out;
}

/** `text` in at most `width` columns, shortened in the middle with `...` (a URL keeps its host and its end). */
export function shortenMiddle(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  if (width <= ELLIPSIS.length) return ELLIPSIS.slice(0, Math.max(0, width));
  const room = width - ELLIPSIS.length;
  const parts = graphemes(text);
  const head = takeWidth(parts, Math.ceil(room / 2));
  const tail = reverseTake(parts, room - stringWidth(head));
  return `${head}${ELLIPSIS}${tail}`;
}

/** The longest end of `parts` that fits in `width` columns. */
function reverseTake(parts: readonly string[], width: number): string {
  let used = 0;
  let start = parts.length;
  while (start > 0) {
    const w = stringWidth(parts[start - 1] as string);
    if (used + w > width) break;
    used += w;
    start -= 1;
  }
  return parts.slice(start).join('');
}

/** The longest start of `text` that fits in `width` columns (cut between grapheme clusters). */
export function takeColumns(text: string, width: number): string {
  return takeWidth(graphemes(text), width);
}

/** `text` in at most `width` columns, cut at its end with `...`. */
export function truncateEnd(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  if (width <= ELLIPSIS.length) return ELLIPSIS.slice(0, Math.max(0, width));
  return takeWidth(graphemes(text), width - ELLIPSIS.length) + ELLIPSIS;
}

/**
 * `text` broken at spaces into lines of at most `width` columns, each after `indent`; a word too
 * long for a line is cut, unless `cut` is false: then it keeps a line of its own (a path or URL
 * the terminal wraps stays one line when copied).
 */
export function wrapWords(text: string, width: number, indent = '', cut = true): string[] {
  const room = Math.max(1, width - stringWidth(indent));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter(Boolean)) {
    let rest = word;
    while (cut && stringWidth(rest) > room) {
      if (line) lines.push(line);
      line = '';
      const piece = takeWidth(graphemes(rest), room) || (graphemes(rest)[0] as string);
      lines.push(piece);
      rest = rest.slice(piece.length);
    }
    if (!rest) continue;
    if (!line) line = rest;
    else if (stringWidth(`${line} ${rest}`) <= room) line = `${line} ${rest}`;
    else {
      lines.push(line);
      line = rest;
    }
  }
  if (line) lines.push(line);
  return lines.map((l) => indent + l);
}

/** A stream's width in columns when it is a terminal that knows it. */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number }): number | undefined {
  return stream.isTTY && typeof stream.columns === 'number' && stream.columns > 0 ? stream.columns : undefined;
}
