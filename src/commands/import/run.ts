import type { CommandOutcome } from '../../action.js';
import { importRegistrations } from '../../registrations/import.js';
import { batchError } from '../../registrations/outcome.js';
import { findOverlaps, refuseOverlaps } from '../../registrations/overlaps.js';
import { printResults } from '../../registrations/report.js';
import { RowTally } from '../../registrations/tally.js';
import { RegistryStore } from '../../registry/store.js';
import type { RegisterOptions } from '../register-options.js';
import { readRegistrationInput } from '../registration-input.js';
import { refuseKeyInHookUrls } from '../register-batch.js';
import type { ImportFlags } from './flags.js';

/** Validate as subscribe does, then record each webhook as active in one registry write; nothing is sent. */
export async function runImport(hookUrlArg: string | undefined, flags: ImportFlags, options: RegisterOptions): Promise<CommandOutcome> {
  const { io, apiUrl, registry, profile } = options;
  const items = await readRegistrationInput('import', hookUrlArg, flags, options);
  refuseKeyInHookUrls(items, (await options.findApiKey())?.key);
  const rows = await registry.update((data) => {
    if (!flags.force) refuseOverlaps(findOverlaps(items, data.subscriptions, { apiUrl, profile }), 'import');
    return importRegistrations(data, items, { apiUrl, profile, stamp: registry.timestamp(), newId: (taken) => RegistryStore.newId(taken) });
  });
  printResults(io, rows, 'tagmango-hooks list, or rerun with --json.');
  const tally = RowTally.of(rows);
  if (!io.json && tally.counts.imported > 0) io.info('Imported webhooks are skipped by subscribe and moved by migrate like any other.');
  return { data: { results: rows }, error: batchError(tally, undefined) };
}
