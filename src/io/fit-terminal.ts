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
