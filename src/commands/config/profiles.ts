import type { CommandOutcome } from '../../action.js';
import type { SettingSource } from '../../config/effective-settings.js';
import type { ConfigStore } from '../../config/store.js';
import type { StoredProfile } from '../../config/schema.js';
import { escapeControls } from '../../io/escape.js';
import { fitLine } from '../../io/fit-terminal.js';
import type { IO } from '../../io/io.js';
import { displayWidth } from '../../io/width.js';
import { isWebhook, unsettledIds } from '../../registry/lifecycle.js';
import { recordsOf } from '../../registry/queries.js';
import type { RegistryReader } from '../../registry/store.js';
import { maskKey } from '../../secrets.js';

/** What `config profiles` uses: the terminal, the config and registry files, this run's profile, and how a profile's API URL resolves. */
export interface ProfilesOptions {
  io: IO;
  profile: string;
  config: ConfigStore;
  registry: RegistryReader;
  /** A profile's API URL in force for a run now (flag and environment still win over its stored value). */
  apiUrlOf: (stored: StoredProfile) => { value: string; source: SettingSource };
}

/** Every stored profile (and this run's, if it stores nothing): masked key, API URL and its registry counts, this run's marked. */
export async function runConfigProfiles({ io, profile, config, registry, apiUrlOf }: ProfilesOptions): Promise<CommandOutcome> {
  const stored = config.read().profiles;
  const names = [...new Set([...Object.keys(stored), profile])].sort();
  const all = registry.read().subscriptions;
  const profiles = names.map((name) => {
    const kept = stored[name] ?? {};
    const apiUrl = apiUrlOf(kept);
    const mine = recordsOf(all, { profile: name, apiUrl: apiUrl.value });
    return {
      name,
      current: name === profile,
      apiKey: kept.apiKey ? maskKey(kept.apiKey) : null,
      apiUrl: apiUrl.value,
      apiUrlSource: apiUrl.source,
      registry: { total: mine.filter(isWebhook).length, unknown: unsettledIds(mine).length },
    };
  });
  if (!io.json) {
    const rows = profiles.map((p) => [`${p.current ? '*' : ' '} ${escapeControls(p.name)}`, p.apiKey ?? 'no key', `${p.registry.total}${p.registry.unknown ? ` (+${p.registry.unknown} unknown)` : ''}`, p.apiUrl]);
    const header = ['  PROFILE', 'KEY', 'WEBHOOKS', 'API URL'];
    const widths = header.slice(0, -1).map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] as string))));
    const line = (cells: string[]): string => fitLine(cells.slice(0, -1).map((c, i) => c.padEnd(widths[i] ?? 0) + '  ').join(''), cells[cells.length - 1] as string, io.columns);
    io.out(io.color.bold(line(header)));
    rows.forEach((r) => io.out(line(r)));
    io.info(`* is this run's profile. Switch with --profile <name> or TAGMANGO_PROFILE; details of one: tagmango-hooks whoami --profile <name>`);
  }
  return { data: { current: profile, profiles } };
}
