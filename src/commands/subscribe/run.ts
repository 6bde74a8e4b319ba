import { hookSecretFor, refuseKeyInHookUrls, registerBatchWithProgress } from '../register-batch.js';
import { readRegistrationInput } from '../registration-input.js';
import type { RegisterOptions } from '../register-options.js';
import type { CommandOutcome } from '../../action.js';
import { planDryRun } from '../../registrations/dry-run.js';
import { batchError } from '../../registrations/outcome.js';
import { findOverlaps, refuseOverlaps } from '../../registrations/overlaps.js';
import { ResultPrinter } from '../../registrations/report.js';
import type { RegistryData } from '../../registry/schema.js';
import { maskKey } from '../../secrets.js';
import type { SubscribeFlags } from './flags.js';

/** Validate everything, then register (or plan, with --dry-run) and report. */
export async function runSubscribe(hookUrlArg: string | undefined, flags: SubscribeFlags, options: RegisterOptions): Promise<CommandOutcome> {
  const { io, apiUrl, registry, profile } = options;
  const { concurrency } = flags;
  const items = await readRegistrationInput('subscribe', hookUrlArg, flags, options);
  hookSecretFor(options, items);
  const overlaps = (records: RegistryData['subscriptions']) => refuseOverlaps(findOverlaps(items, records, { apiUrl, profile }), 'subscribe');

  if (flags.dryRun) {
    const key = await options.findApiKey();
    refuseKeyInHookUrls(items, key?.key);
    const data = registry.read();
    if (!flags.force) overlaps(data.subscriptions);
    // Rows go out as they are judged, to the report or the --json document's results: none is kept.
    io.openJsonResults();
    await planDryRun({ io, registry: { read: () => data }, maskedKey: key ? maskKey(key.key) : undefined }, items, { apiUrl, profile, force: Boolean(flags.force) }, (row) => io.jsonRow(row));
    return { data: { dryRun: true } };
  }

  const { key } = await options.requireApiKey();
  refuseKeyInHookUrls(items, key);
  // Rows go out as they settle, in input order: to the report, or to the --json document's results.
  const printer = new ResultPrinter(io, items.length, 'tagmango-hooks list, or rerun with --json.');
  io.openJsonResults();
  // Judged on the view the batch's first transaction reuses: a large registry is read once.
  if (!flags.force) await registry.journal((data) => overlaps(data.subscriptions));
  await registerBatchWithProgress(options, key, items, { force: Boolean(flags.force), concurrency }, 'registered', (row) => {
    printer.row(row);
    io.jsonRow(row);
  });
  printer.finish();
  return { error: batchError(printer.tally, options.signal) };
}
