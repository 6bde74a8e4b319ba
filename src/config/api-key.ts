import { UsageError } from '../errors.js';

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
  if (candidates.stored) return { key: candidates.stored, source: 'config' };
  return undefined;
}

/** Trim surrounding white space; reject an empty key, one with white space or control characters inside, or non-ASCII. */
export function validateApiKey(raw: string, from: string): string {
  const key = raw.trim();
  if (key === '') {
    throw new UsageError(`The API key from ${from} is empty.`, 'Copy the key from TagMango: Dashboard > Platform Integrations.', 'INVALID_API_KEY');
  }
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(key)) {
    throw new UsageError(`The API key from ${from} contains white space or control characters.`, 'Paste the key alone, on one line.', 'INVALID_API_KEY');
  }
  if (/[^\x21-\x7e]/.test(key)) {
    throw new UsageError(`The API key from ${from} contains characters that are not printable ASCII, so it cannot be sent in a header.`, 'Copy the key again from TagMango: Dashboard > Platform Integrations.', 'INVALID_API_KEY');
  }
  if (key.length > 512) {
    throw new UsageError(`The API key from ${from} is longer than 512 characters.`, 'Paste the key alone, on one line.', 'INVALID_API_KEY');
  }
  return key;
}
