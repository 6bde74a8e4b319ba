import type { Context } from '../context.js';
import { registerBatch, type BatchOptions } from '../registrations/engine.js';
import type { ResultRow } from '../registrations/types.js';
import type { Registration } from '../tagmango/registration.js';

/**
 * Register `items` through the batch engine with this run's ports (registry, client, signal,
 * scrubbing, warnings) and a progress line on stderr that counts failed and unknown rows: the one
 * wiring `subscribe` and `migrate` share.
 */
export async function registerWithProgress(
  ctx: Context,
  apiKey: string,
  items: readonly Registration[],
  options: Omit<BatchOptions, 'onSettled' | 'apiUrl' | 'profile'>,
  label: 'registered' | 'migrated',
): Promise<ResultRow[]> {
  const { io } = ctx;
  const ports = {
    registry: ctx.registry(),
    client: await ctx.client(apiKey, options.concurrency),
    signal: ctx.deps.signal,
    scrub: (text: string) => io.scrub(text),
    warn: io.warn.bind(io),
  };
  const progress = io.progress(items.length, label, () => ctx.deps.now().getTime());
  return registerBatch(ports, items, {
    ...options,
    apiUrl: ctx.settings().apiUrl,
    profile: ctx.profile,
    onSettled: (row) => progress.settle(row.status === 'failed' || row.status === 'unknown'),
  }).finally(() => progress.finish());
}
