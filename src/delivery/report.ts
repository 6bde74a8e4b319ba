import type { IO } from '../io/io.js';
import type { DeliveryResult } from './deliver.js';

/** One line per delivery sent to a receiver (trigger, replay): mark, event, URL, status and latency, or why no answer came. */
export function printResult(io: IO, event: string, r: DeliveryResult, label = ''): void {
  if (r.status === null) {
    io.out(`${io.color.red('✗')} ${event} -> ${r.url}${label}: ${r.reason} (${r.latencyMs} ms)`);
    return;
  }
  const mark = r.ok ? io.color.green('✓') : io.color.red('✗');
  io.out(`${mark} ${event} -> ${r.url}${label}: ${r.status} in ${r.latencyMs} ms${r.excerpt ? `  ${io.color.dim(r.excerpt)}` : ''}`);
}
