import { quoteInput } from '../validate/quote.js';
import { UsageError } from '../errors.js';
import { checkHttpUrl } from '../validate/http-url.js';

/** The documented production API base. */
export const DEFAULT_API_URL = 'https://api-prod-new.tagmango.com';
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_RETRIES = 3;
export const MAX_RETRIES = 10;
export const MAX_TIMEOUT_MS = 600_000;

/** Settings a profile can store with `config set`. */
export const SETTING_KEYS = ['api-url', 'timeout', 'retries'] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

/** Stored setting values, as they live in the config file. */
export interface Settings {
  'api-url'?: string;
  timeout?: number;
  retries?: number;
}

/** Check that a name is a setting key, or say which keys exist. */
export function parseSettingKey(key: string): SettingKey {
  if ((SETTING_KEYS as readonly string[]).includes(key)) return key as SettingKey;
  throw new UsageError(`Unknown config key ${quoteInput(key)}.`, `Valid keys: ${SETTING_KEYS.join(', ')}.`, 'UNKNOWN_CONFIG_KEY');
}

/** Parse and check a value for a setting; the message names the key and what it accepts. */
export function parseSettingValue(key: SettingKey, raw: string, name: string = key): string | number {
  switch (key) {
    case 'api-url':
      return parseApiUrl(raw, name);
    case 'timeout':
      return parseIntegerOption(raw, name, 1, MAX_TIMEOUT_MS, 'milliseconds');
    case 'retries':
      return parseIntegerOption(raw, name, 0, MAX_RETRIES, 'retries');
  }
}

/** The value of each setting when nothing sets it. */
export const SETTING_DEFAULTS: Readonly<Record<SettingKey, string | number>> = {
  'api-url': DEFAULT_API_URL,
  timeout: DEFAULT_TIMEOUT_MS,
  retries: DEFAULT_RETRIES,
};

/** An http(s) API base URL without credentials, normalised without a trailing slash. */
export function parseApiUrl(raw: string, name = '--api-url'): string {
  const check = checkHttpUrl(raw.trim());
  if (!check.ok) {
    const sentence = check.problem === 'not-absolute' ? `${name} ${quoteInput(raw)} is not a URL.` : `${name} must be an http(s) URL, not ${quoteInput(raw)}.`;
    throw new UsageError(sentence, 'Give an absolute http(s) URL such as https://api-prod-new.tagmango.com.', 'INVALID_API_URL');
  }
  const { url } = check;
  if (url.username || url.password) {
    throw new UsageError(`${name} must not contain credentials.`, 'Remove the user:password@ part.', 'INVALID_API_URL');
  }
  if (url.search || url.hash) {
    // The registration path is appended to the base: a query or fragment would end up inside it.
    throw new UsageError(`${name} must not have a query or fragment, as in ${quoteInput(raw)}.`, 'Give the base URL only, such as https://api-prod-new.tagmango.com.', 'INVALID_API_URL');
  }
  return url.href.replace(/\/+$/, '');
}

/** A whole number within bounds, from a flag or a stored value. */
export function parseIntegerOption(raw: string, name: string, min: number, max: number, unit: string): number {
  const text = raw.trim();
  const n = /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`Invalid value ${quoteInput(raw)} for ${name}.`, `Give a whole number of ${unit} from ${min} to ${max}.`, 'INVALID_OPTION');
  }
  return n;
}
