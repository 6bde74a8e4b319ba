import { storableJson } from '../registry/schema.js';

/** Longest text a record keeps of one field of TagMango's answer. */
export const EXCERPT_CHARS = 200;

/** At most this many fields of the answer are kept. */
const EXCERPT_FIELDS = 8;

/**
 * What a record keeps of TagMango's answer to a registration (its `response`): the top-level
 * scalar fields of the envelope (message, success, code, statusMessage, ...), strings cut to
 * 200 characters; nested values (the echo of the request under `result`, whose `_id` is kept as
 * `remoteId`) are dropped. A body that is not an object is kept as a 200-character excerpt.
 * `scrub` masks the run's secrets; control characters are escaped for storage.
 */
export function answerExcerpt(response: unknown, scrub: (text: string) => string): unknown {
  if (response === undefined || response === null) return undefined;
  const cut = (text: string): string => (text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text);
  if (typeof response !== 'object' || Array.isArray(response)) {
    const text = typeof response === 'string' ? response : JSON.stringify(response);
    return storableJson(cut(scrub(text)));
  }
  const kept: Record<string, unknown> = {};
  let fields = 0;
  for (const [key, value] of Object.entries(response as Record<string, unknown>)) {
    if (fields >= EXCERPT_FIELDS) break;
    if (typeof value === 'string') kept[cut(scrub(key))] = cut(scrub(value));
    else if (typeof value === 'number' || typeof value === 'boolean') kept[cut(scrub(key))] = value;
    else continue;
    fields += 1;
  }
  return shareExcerpt(storableJson(kept) as Record<string, unknown>);
}

/**
 * Excerpts every answer repeats ({ message: "Webhook created", success: true, ... }) are one
 * frozen object for the whole run, not one per record; at most 1,024 distinct ones are kept.
 */
const excerpts = new Map<string, Readonly<Record<string, unknown>>>();

function shareExcerpt(kept: Record<string, unknown>): Readonly<Record<string, unknown>> {
  const text = JSON.stringify(kept);
  const known = excerpts.get(text);
  if (known) return known;
  const frozen = Object.freeze(kept);
  if (excerpts.size < 1024) excerpts.set(text, frozen);
  return frozen;
}
