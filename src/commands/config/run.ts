import type { Context, EffectiveSettings } from '../../context.js';
import type { CommandOutcome } from '../../deps.js';
import { SETTING_KEYS, parseSettingKey, parseSettingValue } from '../../config/settings.js';

function effectiveValues(ctx: Context): EffectiveSettings['values'] {
  return ctx.settings().values;
}

/** Print every setting with its effective value and source. */
export async function runConfigList(ctx: Context): Promise<CommandOutcome> {
  const values = effectiveValues(ctx);
  for (const key of SETTING_KEYS) ctx.io.out(`${key.padEnd(8)} ${String(values[key].value)}  (${values[key].source})`);
  return { data: { profile: ctx.profile, settings: values } };
}

/** Print one setting's effective value. */
export async function runConfigGet(rawKey: string, ctx: Context): Promise<CommandOutcome> {
  const key = parseSettingKey(rawKey);
  const { value, source } = effectiveValues(ctx)[key];
  ctx.io.out(String(value));
  return { data: { profile: ctx.profile, key, value, source } };
}

/** Validate and store a setting. */
export async function runConfigSet(rawKey: string, rawValue: string, ctx: Context): Promise<CommandOutcome> {
  const key = parseSettingKey(rawKey);
  const value = parseSettingValue(key, rawValue);
  await ctx.config().update((config) => {
    config.profiles[ctx.profile] = { ...config.profiles[ctx.profile], [key]: value };
  });
  ctx.io.out(`Set ${key} = ${String(value)} for profile "${ctx.profile}".`);
  return { data: { profile: ctx.profile, key, value } };
}

/** Remove a stored setting. */
export async function runConfigUnset(rawKey: string, ctx: Context): Promise<CommandOutcome> {
  const key = parseSettingKey(rawKey);
  const had = ctx.config().profile(ctx.profile)[key] !== undefined;
  if (had) {
    await ctx.config().update((config) => {
      delete config.profiles[ctx.profile]?.[key];
    });
  }
  ctx.io.out(had ? `Unset ${key} for profile "${ctx.profile}".` : `${key} was not set for profile "${ctx.profile}".`);
  return { data: { profile: ctx.profile, key, removed: had } };
}

/** Print where the config file is. */
export async function runConfigPath(ctx: Context): Promise<CommandOutcome> {
  ctx.io.out(ctx.paths.config);
  return { data: { path: ctx.paths.config } };
}
