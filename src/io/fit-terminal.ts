import { displayWidth, shortenMiddle, truncateEnd, wrapWords } from './width.js';

/** Longest list a terminal gets in full; a longer one is shortened (piped output and --json never are). */
export const TERMINAL_ROWS = 20;

/** Rows a shortened list shows from its top. */
export const HEAD_ROWS = 10;

/** Whether a list of `total` rows is shortened: only on a terminal, and only when long. */
export function shortens(total: number, onTerminal: boolean): boolean {
  return onTerminal && total > TERMINAL_ROWS;
}

/** Whether the row at `index` of a shortened list is shown: one of the first few, or a notable one. */
export function showsRow(index: number, isNotable: boolean): boolean {
  return index < HEAD_ROWS || isNotable;
}

/** The rows of a list to print: all of them off a terminal or when few, else the first few and every notable one. */
export function rowsToShow<T>(rows: readonly T[], onTerminal: boolean, notable: (row: T) => boolean): { shown: T[]; hidden: number } {
  if (!shortens(rows.length, onTerminal)) return { shown: [...rows], hidden: 0 };
  const shown = rows.filter((row, index) => showsRow(index, notable(row)));
  return { shown, hidden: rows.length - shown.length };
}

/** Fewest columns a shortened hook URL keeps (its scheme, the start of its host, its end). */
export const MIN_URL_COLUMNS = 24;

/**
 * A row of `head` (status, id), `middle` (event, scope) and a `long` value (a hook URL) within
 * `width` columns: on one line with the value shortened in the middle to the room left (at least
 * MIN_URL_COLUMNS); where that room is missing, the value goes on a line of its own below, and
 * on a narrower terminal the middle too. Without a width (piped output) the row is whole.
 */
export function fitRow(head: string, middle: string, long: string, width: number | undefined): string[] {
  if (width === undefined) return [head + middle + long];
  const used = displayWidth(head + middle);
  if (used + MIN_URL_COLUMNS <= width) return [head + middle + shortenMiddle(long, width - used)];
  const below = `${INDENT}${shortenMiddle(long, width - INDENT.length)}`;
  if (used <= width) return [(head + middle).trimEnd(), below];
  return [truncateEnd(head.trimEnd(), width), ...wrapWords(middle, width, INDENT), below];
}

const INDENT = '    ';

/** One line of `fixed` text then a `long` value, cut to `width` columns (the value in the middle, then the line's end). */
export function fitLine(fixed: string, long: string, width: number | undefined): string {
  if (width === undefined) return fixed + long;
  const room = Math.max(MIN_URL_COLUMNS, width - displayWidth(fixed));
  return truncateEnd(fixed + shortenMiddle(long, room), width);
}

/** A detail after a line when both fit in `width`; else on lines of its own below it, indented and wrapped. */
export function withDetail(line: string, detail: string, width: number | undefined): string[] {
  if (!detail) return [line];
  if (width === undefined || displayWidth(line) + 2 + displayWidth(detail) <= width) return [`${line}  ${detail}`];
  return [line, ...wrapWords(detail, width, INDENT)];
}
