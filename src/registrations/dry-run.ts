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

/** Print the exact requests a run would send (key masked) and what would be skipped or is unsettled; sends and writes nothing. */
export async function planDryRun(
  ports: DryRunPorts,
  items: readonly Registration[],
  options: { apiUrl: string; profile: string; force: boolean },
): Promise<ResultRow[]> {
  const { io } = ports;
  const byIdentity = new IdentityGroups<RegistryRecord>();
  for (const record of ports.registry.read().subscriptions) byIdentity.add(record);
  const url = registerUrl(options.apiUrl).href;
  const identityOf = (item: Registration): RecordIdentity => ({ apiUrl: options.apiUrl, profile: options.profile, ...item });
  const { rows, todo } = splitBatch(items, identityOf);
  for (const index of todo) {
    const verdict = verdictFor(byIdentity.get(identityOf(items[index] as Registration)), options.force);
    if (verdict) Object.assign(rows[index] as ResultRow, verdict);
  }
  rows.forEach((row, index) => {
    const item = items[index] as Registration;
    if (row.status !== 'planned') {
      io.out(`# ${row.status} (${row.id ?? 'repeat'}): ${item.event} ${escapeControls(item.hookUrl)}: ${row.error ? `${row.error.message} ` : ''}${row.reason}`);
      return;
    }
    io.out(`POST ${url}`);
    io.out(`x-api-key: ${ports.maskedKey ?? '(none: run tagmango-hooks login)'}`);
    io.out('content-type: application/json');
    io.out('accept: application/json');
    io.out(`user-agent: ${userAgent()}`);
    io.out('');
    io.out(JSON.stringify(registrationBody(item)));
    io.out('');
  });
  const planned = rows.filter((r) => r.status === 'planned').length;
  const unknown = rows.filter((r) => r.status === 'unknown').length;
  io.info(
    `Dry run: ${planned} request${planned === 1 ? '' : 's'} would be sent, ${rows.length - planned - unknown} skipped${unknown ? `, ${unknown} unknown (settle with tagmango-hooks resolve)` : ''}. Nothing was sent or written.`,
  );
  return rows;
}
