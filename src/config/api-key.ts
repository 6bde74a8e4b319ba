import { AuthError, UsageError } from '../errors.js';
import { KEY_PAGE } from '../tagmango/dashboard.js';

/** Where the key for this run came from. */
export type KeySource = 'stdin' | 'env' | 'config';

/** The key for this run and its source. */
export interface ResolvedKey {
  key: string;
  source: KeySource;
}

/** Apply the documented precedence: --api-key-stdin, then TAGMANGO_API_KEY, then the profile's key. */
export function resolveApiKey(candidates: {
  stdin?: string | undefined;
  env?: string | undefined;
  stored?: string | undefined;
}): ResolvedKey | undefined {
  if (candidates.stdin !== undefined) return { key: validateApiKey(candidates.stdin, 'stdin'), source: 'stdin' };
  if (candidates.env !== undefined && candidates.env.trim() !== '') {
    return { key: validateApiKey(candidates.env, 'TAGMANGO_API_KEY'), source: 'env' };
  }
  // A key stored before these checks existed is held to them too: it could not be masked safely.
  if (candidates.stored) return { key: validateApiKey(candidates.stored, 'the config file (run: tagmango-hooks login)'), source: 'config' };
  return undefined;
}

/** The error of a run that needs a key and has none: how to give one, every way. */
export function missingApiKeyError(profile: string): AuthError {
  return new AuthError(`No API key for profile "${profile}".`, 'Run: tagmango-hooks login (or set TAGMANGO_API_KEY, or pass --api-key-stdin).', 'API_KEY_MISSING');
}

/** The shortest key accepted: anything shorter cannot be a TagMango key (and could not be masked). */
export const MIN_KEY_LENGTH = 8;

/**
 * Trim surrounding white space; reject what cannot be a TagMango key: empty, shorter than 8,
 * white space, quotes, backslashes or control characters inside, non-ASCII, or over 512 characters.
 */
export function validateApiKey(raw: string, from: string): string {
  const key = raw.trim();
  const fix = `Copy the key from TagMango (${KEY_PAGE}) and paste it alone, on one line.`;
  if (key === '') {
    throw new UsageError(`The API key from ${from} is empty.`, fix, 'INVALID_API_KEY');
  }
  if (/[\s\u0000-\u001f\u007f]/.test(key)) {
    throw new UsageError(`The API key from ${from} contains white space or control characters.`, fix, 'INVALID_API_KEY');
  }
  if (/["'`\\]/.test(key)) {
    throw new UsageError(`The API key from ${from} contains quotes or backslashes, which a TagMango key never has.`, `${fix} Do not include the quotes around it.`, 'INVALID_API_KEY');
  }
  if (/[^\x21-\x7e]/.test(key)) {
    throw new UsageError(`The API key from ${from} contains characters that are not printable ASCII, so it cannot be sent in a header.`, fix, 'INVALID_API_KEY');
  }
  if (key.length < MIN_KEY_LENGTH) {
    throw new UsageError(`The API key from ${from} is shorter than ${MIN_KEY_LENGTH} characters, so it cannot be a TagMango key.`, fix, 'INVALID_API_KEY');
  }
  if (key.length > 512) {
    throw new UsageError(`The API key from ${from} is longer than 512 characters.`, fix, 'INVALID_API_KEY');
  }
  return key;
}
