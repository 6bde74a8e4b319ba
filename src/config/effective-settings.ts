import { SETTING_DEFAULTS, SETTING_KEYS, parseSettingValue, type SettingKey, type Settings } from './settings.js';

/** Where a setting's value came from. */
export type SettingSource = 'flag' | 'env' | 'config' | 'default';

/** One setting's value in force and where it came from. */
export interface SettingValue {
  value: string | number;
  source: SettingSource;
}

/** Settings in force for this run. */
export interface EffectiveSettings {
  apiUrl: string;
  apiUrlSource: SettingSource;
  timeoutMs: number;
  retries: number;
  /** Every setting with its source, as `config list` shows them. */
  values: Record<SettingKey, SettingValue>;
}

/** The settings flags of one run, as commander parsed and checked them. */
export interface SettingFlags {
  apiUrl?: string;
  timeout?: number;
  retries?: number;
}

/** The flag and environment variable that can set each setting for one run. */
const OVERRIDES: Readonly<Record<SettingKey, { flag: keyof SettingFlags; env?: string }>> = {
  'api-url': { flag: 'apiUrl', env: 'TAGMANGO_API_URL' },
  timeout: { flag: 'timeout' },
  retries: { flag: 'retries' },
};

/** Flag, then environment, then the profile's stored value, then the default; each validated. */
export function resolveSettings(flags: SettingFlags, env: Record<string, string | undefined>, stored: Settings): EffectiveSettings {
  const resolve = (key: SettingKey): SettingValue => {
    const { flag, env: name } = OVERRIDES[key];
    const fromFlag = flags[flag];
    // Commander checked flag values while parsing argv (src/program-shape.ts).
    if (fromFlag !== undefined) return { value: fromFlag, source: 'flag' };
    const fromEnv = name ? env[name] : undefined;
    if (name && fromEnv) return { value: parseSettingValue(key, fromEnv, name), source: 'env' };
    const kept = stored[key];
    if (kept !== undefined) return { value: parseSettingValue(key, String(kept), `config ${key}`), source: 'config' };
    return { value: SETTING_DEFAULTS[key], source: 'default' };
  };
  const values = Object.fromEntries(SETTING_KEYS.map((key) => [key, resolve(key)])) as Record<SettingKey, SettingValue>;
  return {
    apiUrl: values['api-url'].value as string,
    apiUrlSource: values['api-url'].source,
    timeoutMs: values.timeout.value as number,
    retries: values.retries.value as number,
    values,
  };
}
