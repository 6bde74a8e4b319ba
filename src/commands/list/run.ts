import type { CommandOutcome } from '../../action.js';
import type { IO } from '../../io/io.js';
import { ExtendedList } from '../../io/json-output.js';
import { isCurrent, isWebhook, resolveHint, unsettledIds } from '../../registry/lifecycle.js';
import { recordsOf, sameHookUrl } from '../../registry/queries.js';
import type { RegistryRecord } from '../../registry/schema.js';
import type { RegistryReader } from '../../registry/store.js';
import { registeredTwiceAmong } from '../registered-twice-report.js';
import { isDeprecated, printTable } from './table.js';
import type { ListFlags } from './flags.js';

/** What `list` uses: the terminal, the registry, and whose records to show (profile and API URL). */
export interface ListOptions {
  io: IO;
  registry: RegistryReader;
  profile: string;
  apiUrl: string;
}

/** Print the registry's records of this profile and API URL as a table (or JSON). */
export async function runList(flags: ListFlags, { io, registry, profile, apiUrl }: ListOptions): Promise<CommandOutcome> {
  const listed = recordsOf(registry.read().subscriptions, { profile, apiUrl }).filter((r) => flags.all || isCurrent(r));
  const records = listed
    .filter((r) => flags.event === undefined || r.event === flags.event.trim())
    .filter((r) => flags.hookUrl === undefined || sameHookUrl(r.hookUrl, flags.hookUrl) || r.hookUrlTemplate === flags.hookUrl.trim())
    .filter((r) => !flags.deprecated || isDeprecated(r));

  if (records.length === 0) {
    const what = flags.all ? 'records' : 'registrations';
    io.out(listed.length > 0 ? `No ${what} match the filters (${listed.length} without them).` : `No ${what} for this profile and API URL.`);
    if (!flags.all) io.info('Records that were migrated or forgotten are shown with --all.');
  } else if (!io.json) {
    await printTable(io, records);
  }
  const unsettledListed = unsettledIds(listed);
  const shown = unsettledListed.length > 0 ? new Set(records.map((r) => r.id)) : undefined;
  const unsettled = unsettledListed.filter((id) => shown?.has(id));
  if (unsettled.length > 0) io.out(io.color.yellow(`${unsettled.length} with an unknown outcome. ${resolveHint(unsettled)}`));
  const twice = registeredTwiceAmong(listed, records);
  for (const line of twice.lines) io.out(io.color.yellow(line));
  const deprecated = records.filter((r) => isWebhook(r) && isDeprecated(r));
  if (deprecated.length > 0) {
    const names = [...new Set(deprecated.map((r) => r.event))].join(', ');
    io.out(io.color.yellow(`${deprecated.length} ${deprecated.length === 1 ? 'uses' : 'use'} a deprecated event (${names}). Run: tagmango-hooks migrate`));
  }
  return {
    data: {
      profile,
      apiUrl,
      registryPath: registry.file,
      registeredTwice: twice.json,
      subscriptions: new ExtendedList(records, (r) => ({ deprecated: isDeprecated(r) })),
    },
  };
}
