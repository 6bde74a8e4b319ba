import { quoteInput } from './quote.js';
import { EVENTS, findEvent, type EventInfo } from '../catalogue/events.js';
import { UsageError } from '../errors.js';

const EVENT_SHAPE = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)+$/;

/** A checked event: its catalogue entry, or undefined for an unknown one the user allowed. */
export interface ParsedEvent {
  name: string;
  info: EventInfo | undefined;
}

/** Check an event type against the catalogue; suggest the nearest on a typo. */
export function parseEvent(raw: string, allowUnknown: boolean, where = ''): ParsedEvent {
  const name = raw.trim();
  if (name === '') throw new UsageError(`Event${where} is empty.`, 'List the events with: tagmango-hooks events', 'INVALID_EVENT');
  const info = findEvent(name);
  if (info) return { name, info };
  if (allowUnknown && EVENT_SHAPE.test(name)) return { name, info: undefined };
  const suggestion = nearestEvent(name);
  const hint = [
    suggestion ? `Did you mean "${suggestion}"?` : undefined,
    allowUnknown ? 'Event types are lower-case words joined by dots.' : 'List the events with: tagmango-hooks events (or pass --allow-unknown-event for a new one).',
  ]
    .filter(Boolean)
    .join(' ');
  throw new UsageError(`Unknown event ${quoteInput(name)}${where}.`, hint, 'UNKNOWN_EVENT');
}

/** The catalogue event closest to a mistyped one, if any is close; never a deprecated one: its successor instead. */
export function nearestEvent(name: string): string | undefined {
  const nearest = findEvent(nearestName(name, EVENTS.map((e) => e.name), 4) ?? '');
  if (nearest?.status !== 'deprecated') return nearest?.name;
  return nearest.successor ?? undefined;
}

/**
 * The candidate closest to a mistyped name (compared in lower case), if its edit distance is at
 * most 2 or a `1/divisor` share of the name's length.
 */
export function nearestName(name: string, candidates: readonly string[], divisor: number): string | undefined {
  const lower = name.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = levenshtein(lower, candidate);
    if (!best || distance < best.distance) best = { name: candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(name.length / divisor)) ? best.name : undefined;
}

/** Edit distance between two strings. */
export function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
