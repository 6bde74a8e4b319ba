import { findEvent } from '../../catalogue/events.js';
import type { ResolvedKey } from '../../config/api-key.js';
import type { EffectiveSettings } from '../../config/effective-settings.js';
import type { IO } from '../../io/io.js';
import type { RegistryReader } from '../../registry/store.js';
import type { CommandOutcome } from '../../action.js';
import { missingApiKeyError } from '../../config/api-key.js';
import { isWebhook, resolveHint, unsettledIds } from '../../registry/lifecycle.js';
import { isOwnedBy, recordsOf } from '../../registry/queries.js';
import { escapeControls } from '../../io/escape.js';
import { registeredTwiceAmong } from '../registered-twice-report.js';
import { maskKey } from '../../secrets.js';

/** What `whoami` reports on: the key found (if any), the settings in force, the files and the registry. */
export interface WhoamiOptions {
  io: IO;
  key: ResolvedKey | undefined;
  settings: Pick<EffectiveSettings, 'apiUrl' | 'apiUrlSource'>;
  registry: RegistryReader;
  profile: string;
  configPath: string;
}

/** Report who and what this run would use, and a summary of the registry. */
export async function runWhoami({ io, key, settings, registry, profile, configPath }: WhoamiOptions): Promise<CommandOutcome> {
  const all = registry.read().subscriptions;
  const owner = { profile, apiUrl: settings.apiUrl };
  const mine = recordsOf(all, owner);
  const records = mine.filter(isWebhook);
  const unknown = unsettledIds(mine);
  const duplicates = mine.filter((r) => r.status === 'duplicate').length;
  const perEvent: Record<string, number> = {};
  for (const r of records) perEvent[r.event] = (perEvent[r.event] ?? 0) + 1;
  const deprecated = records.filter((r) => findEvent(r.event)?.status === 'deprecated').length;

  io.out(`Profile:   ${profile}`);
  io.out(`API key:   ${key ? `${maskKey(key.key)} (from ${key.source})` : 'none'}`);
  io.out(`API URL:   ${settings.apiUrl} (from ${settings.apiUrlSource})`);
  io.out(`Config:    ${configPath}`);
  io.out(`Registry:  ${registry.file}`);
  io.out(`Registered: ${records.length} webhook${records.length === 1 ? '' : 's'} for this profile and API URL`);
  for (const [event, count] of Object.entries(perEvent).sort()) io.out(`  ${escapeControls(event).padEnd(28)} ${count}`);
  if (unknown.length > 0) io.out(io.color.yellow(`${unknown.length} with an unknown outcome, not counted. ${resolveHint(unknown)}`));
  if (duplicates > 0) io.out(io.color.yellow(`${duplicates} possible duplicate${duplicates === 1 ? '' : 's'}, not counted: see tagmango-hooks list`));
  const twice = registeredTwiceAmong(mine);
  for (const line of twice.lines) io.out(io.color.yellow(line));
  if (deprecated > 0) {
    io.out(io.color.yellow(`${deprecated} ${deprecated === 1 ? 'uses' : 'use'} a deprecated event. Run: tagmango-hooks migrate`));
  }
  const elsewhere = elsewhereLine(all.filter((r) => isWebhook(r) && !isOwnedBy(r, owner)));
  if (elsewhere) io.out(elsewhere);
  const data = {
    profile: profile,
    apiKey: key ? { masked: maskKey(key.key), source: key.source } : null,
    apiUrl: settings.apiUrl,
    apiUrlSource: settings.apiUrlSource,
    configPath: configPath,
    registryPath: registry.file,
    registry: { total: records.length, perEvent, deprecated, unknown: unknown.length, possibleDuplicates: duplicates, registeredTwice: twice.json },
  };
  if (!key) {
    return { data, error: missingApiKeyError(profile) };
  }
  return { data };
}

/** Where the registry's other webhooks are (API URL and profile), or nothing when all are this run's. */
function elsewhereLine(others: readonly { apiUrl: string; profile: string }[]): string | undefined {
  if (others.length === 0) return undefined;
  const counts = new Map<string, number>();
  for (const r of others) {
    const where = `${escapeControls(r.apiUrl)} (profile ${escapeControls(r.profile)})`;
    counts.set(where, (counts.get(where) ?? 0) + 1);
  }
  const shown = [...counts].slice(0, 3).map(([where, n]) => `${n} for ${where}`);
  const more = counts.size > 3 ? `, and ${counts.size - 3} more` : '';
  return `Also in this registry: ${shown.join(', ')}${more}. See them with: tagmango-hooks list --api-url <url> --profile <name>`;
}
