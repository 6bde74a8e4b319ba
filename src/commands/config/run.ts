import type { EffectiveSettings } from '../../config/effective-settings.js';
import type { CommandOutcome } from '../../action.js';
import { SETTING_KEYS, parseSettingKey, parseSettingValue } from '../../config/settings.js';
import type { ConfigStore } from '../../config/store.js';
import type { IO } from '../../io/io.js';

/** What the `config` commands use: the terminal, the profile, its config file, and the settings in force (resolved on demand). */
export interface ConfigOptions {
  io: IO;
  profile: string;
  config: ConfigStore;
  settings: () => Promise<EffectiveSettings>;
}

async function effectiveValues(ctx: ConfigOptions): Promise<EffectiveSettings['values']> {
  return (await ctx.settings()).values;
}

/** Print every setting with its effective value and source. */
export async function runConfigList(ctx: ConfigOptions): Promise<CommandOutcome> {
  const values = await effectiveValues(ctx);
  for (const key of SETTING_KEYS) ctx.io.out(`${key.padEnd(8)} ${String(values[key].value)}  (${values[key].source})`);
  return { data: { profile: ctx.profile, settings: values } };
}

/** Print one setting's effective value. */
export async function runConfigGet(rawKey: string, ctx: ConfigOptions): Promise<CommandOutcome> {
  const key = parseSettingKey(rawKey);
  const { value, source } = (await effectiveValues(ctx))[key];
  ctx.io.out(String(value));
  return { data: { profile: ctx.profile, key, value, source } };
}

/** Validate and store a setting. */
export async function runConfigSet(rawKey: string, rawValue: string, ctx: ConfigOptions): Promise<CommandOutcome> {
  const key = parseSettingKey(rawKey);
  const value = parseSettingValue(key, rawValue);
  await ctx.config.update((config) => {
    config.profiles[ctx.profile] = { ...config.profiles[ctx.profile], [key]: value };
  });
  ctx.io.out(`Set ${key} = ${String(value)} for profile "${ctx.profile}".`);
  return { data: { profile: ctx.profile, key, value } };
}

/** Remove a stored setting. */
export async function runConfigUnset(rawKey: string, ctx: ConfigOptions): Promise<CommandOutcome> {
  const key = parseSettingKey(rawKey);
  const had = ctx.config.profile(ctx.profile)[key] !== undefined;
  if (had) {
    await ctx.config.update((config) => {
      delete config.profiles[ctx.profile]?.[key];
    });
  }
  ctx.io.out(had ? `Unset ${key} for profile "${ctx.profile}".` : `${key} was not set for profile "${ctx.profile}".`);
  return { data: { profile: ctx.profile, key, removed: had } };
}

/** Print where the config file is (without reading it). */
export async function runConfigPath({ io, file }: { io: IO; file: string }): Promise<CommandOutcome> {
  io.out(file);
  return { data: { path: file } };
}
