import { registerBatch } from '../registrations/engine.js';
import { needsAttention, type BatchOptions, type ResultRow } from '../registrations/types.js';
import type { Registration } from '../tagmango/registration.js';
import type { RegisterOptions } from './register-options.js';

/**
 * Register `items` through the batch engine with this run's ports (registry, client, signal,
 * scrubbing, warnings) and a progress line on stderr that counts failed and unknown rows: the one
 * wiring `subscribe` and `migrate` share. Each row goes to `onRow` in input order as it becomes
 * final (the progress line steps aside when stdout shares its terminal); none is kept.
 */
export async function registerBatchWithProgress(
  options: RegisterOptions,
  apiKey: string,
  items: readonly Registration[],
  batch: Omit<BatchOptions, 'onSettled' | 'apiUrl' | 'profile'>,
  label: 'registered' | 'migrated',
  onRow: (row: ResultRow, position: number) => void,
): Promise<void> {
  const { io } = options;
  const ports = {
    registry: options.registry,
    client: await options.client(apiKey, batch.concurrency),
    signal: options.signal,
    scrub: (text: string) => io.scrub(text),
    warn: io.warn.bind(io),
  };
  const progress = io.progress(items.length, label, () => options.now().getTime());
  const write = io.stdoutIsTTY ? (step: () => void) => progress.above(step) : (step: () => void) => step();
  return registerBatch(ports, items, {
    ...batch,
    apiUrl: options.apiUrl,
    profile: options.profile,
    onSettled: (row) => progress.settle(needsAttention(row)),
    onRow: (row, position) => write(() => onRow(row, position)),
  }).finally(() => progress.finish());
}
