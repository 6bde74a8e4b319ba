/**
 * How far V8 may grow the heap past the data still in use before its next full collection, in
 * percent. V8 sizes this for servers: on a machine with gigabytes of memory it lets the heap
 * grow to up to four times the live data, so a bulk run of 40,000 registrations, whose garbage
 * is mostly the requests' own, peaked near 190 MB with 35 MB in use. At 50% the same run peaks
 * near 145 MB and takes about 5% longer (docs/performance.md).
 */
export const HEAP_GROWTH_PERCENT = 50;

/**
 * Ask V8 to keep the heap near the live data, for the rest of this process, unless Node was
 * started with its own `--heap-growing-percent` (in `nodeFlags`, Node's own command-line flags;
 * NODE_OPTIONS cannot carry it). Node may refuse flags changed at run time: then V8 keeps its
 * default and nothing else changes.
 */
export async function boundHeapGrowth(nodeFlags: readonly string[] = []): Promise<void> {
  if (nodeFlags.some((flag) => /^--heap[-_]growing[-_]percent(=|$)/.test(flag))) return;
  try {
    const { setFlagsFromString } = await import('node:v8');
    setFlagsFromString(`--heap-growing-percent=${HEAP_GROWTH_PERCENT}`);
  } catch {
    // The default growth: more memory, same results.
  }
}
