import type { IO } from '../io/io.js';
import { IdentityGroups, type RecordIdentity } from '../registry/identity.js';
import type { RegistryRecord } from '../registry/schema.js';
import type { RegistryStore } from '../registry/store.js';
import { registerUrl, registrationBody, type Registration } from '../tagmango/registration.js';
import { userAgent } from '../version.js';
import { escapeControls } from '../io/escape.js';
import { splitBatch, verdictFor } from './claims.js';
import type { ResultRow } from './types.js';

/** What a dry run uses: where to print, the registry to read, and the key as it may be shown. */
export interface DryRunPorts {
  io: IO;
  registry: Pick<RegistryStore, 'read'>;
  /** The key masked, or undefined when there is none. */
  maskedKey: string | undefined;
}

/**
 * Print the exact requests a run would send (key masked) and what would be skipped or is
 * unsettled; sends and writes nothing. Each row goes to `onRow` (the --json document's results)
 * as soon as it is judged and is not kept: a plan of a million rows is not held twice.
 */
export async function planDryRun(
  ports: DryRunPorts,
  items: readonly Registration[],
  options: { apiUrl: string; profile: string; force: boolean },
  onRow: (row: ResultRow) => void = () => undefined,
): Promise<{ planned: number; skipped: number; unknown: number }> {
  const { io } = ports;
  const byIdentity = new IdentityGroups<RegistryRecord>();
  for (const record of ports.registry.read().subscriptions) byIdentity.add(record);
  const url = registerUrl(options.apiUrl).href;
  const identityOf = (item: Registration): RecordIdentity => ({ apiUrl: options.apiUrl, profile: options.profile, ...item });
  const { rows } = splitBatch(items, identityOf);
  const counts = { planned: 0, skipped: 0, unknown: 0 };
  const headers = [`POST ${url}`, `x-api-key: ${ports.maskedKey ?? '(none: run tagmango-hooks login)'}`, 'content-type: application/json', 'accept: application/json', `user-agent: ${userAgent()}`, ''];
  for (let index = 0; index < rows.length; index++) {
    // A reader behind on a pipe is waited for: the plan is never queued in memory.
    if (index % 64 === 0) await io.drained();
    const row = rows[index] as ResultRow;
    (rows as Array<ResultRow | undefined>)[index] = undefined;
    const item = items[index] as Registration;
    if (row.status === 'planned') {
      const verdict = verdictFor(byIdentity.get(identityOf(item)), options.force);
      if (verdict) Object.assign(row, verdict);
    }
    onRow(row);
    if (row.status !== 'planned') {
      counts[row.status === 'unknown' ? 'unknown' : 'skipped'] += 1;
      io.out(`# ${row.status} (${row.id ?? 'repeat'}): ${item.event} ${escapeControls(item.hookUrl)}: ${row.error ? `${row.error.message} ` : ''}${row.reason}`);
      continue;
    }
    counts.planned += 1;
    if (io.json) continue;
    for (const line of headers) io.out(line);
    io.out(JSON.stringify(registrationBody(item)));
    io.out('');
  }
  const { planned, skipped, unknown } = counts;
  io.info(
    `Dry run: ${planned} request${planned === 1 ? '' : 's'} would be sent, ${skipped} skipped${unknown ? `, ${unknown} unknown (settle with tagmango-hooks resolve)` : ''}. Nothing was sent or written.`,
  );
  return counts;
}
