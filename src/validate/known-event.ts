import type { EventInfo } from '../catalogue/events.js';
import { UsageError } from '../errors.js';
import { nearestEvent, parseEvent } from './event.js';

/** An event the catalogue knows (events, trigger, sandbox fire need its payload); suggests on a typo. */
export function parseKnownEvent(raw: string): EventInfo {
  try {
    return parseEvent(raw, false).info as EventInfo;
  } catch (error) {
    if (!(error instanceof UsageError) || error.code !== 'UNKNOWN_EVENT') throw error;
    const suggestion = nearestEvent(raw.trim());
    const hint = [suggestion ? `Did you mean "${suggestion}"?` : undefined, 'List the events with: tagmango-hooks events'].filter(Boolean).join(' ');
    throw new UsageError(error.message, hint, 'UNKNOWN_EVENT');
  }
}
