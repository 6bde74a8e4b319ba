/** Inputs that decide whether output may carry ANSI colour. */
export interface ColorInputs {
  isTTY: boolean;
  env: Record<string, string | undefined>;
  /** false when the user passed --no-color. */
  colorFlag: boolean;
}

/**
 * Chalk colour level for a stream. NO_COLOR (any non-empty value), TERM=dumb and --no-color turn
 * colour off; FORCE_COLOR turns it on where NO_COLOR is unset; otherwise only on a TTY.
 * chalk 5 ignores NO_COLOR by itself, hence this function.
 */
export function colorLevel({ isTTY, env, colorFlag }: ColorInputs): 0 | 1 | 2 | 3 {
  if (!colorFlag) return 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') {
    if (force === '0' || force === 'false') return 0;
    const n = Number(force);
    return n >= 1 && n <= 3 ? (n as 1 | 2 | 3) : 1;
  }
  if (env.TERM === 'dumb') return 0;
  return isTTY ? 1 : 0;
}
