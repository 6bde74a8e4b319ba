/** Longest list a terminal gets in full; a longer one is shortened (piped output and --json never are). */
export const TERMINAL_ROWS = 20;

/** Rows a shortened list shows from its top. */
export const HEAD_ROWS = 10;

/** The rows of a list to print: all of them off a terminal or when few, else the first few and every notable one. */
export function rowsToShow<T>(rows: readonly T[], onTerminal: boolean, notable: (row: T) => boolean): { shown: T[]; hidden: number } {
  if (!onTerminal || rows.length <= TERMINAL_ROWS) return { shown: [...rows], hidden: 0 };
  const shown = rows.filter((row, index) => index < HEAD_ROWS || notable(row));
  return { shown, hidden: rows.length - shown.length };
}
