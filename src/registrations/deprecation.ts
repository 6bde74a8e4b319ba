import { findEvent } from '../catalogue/events.js';
import { UsageError } from '../errors.js';
import type { IO } from '../io/io.js';

/** Warn once per deprecated event in use (or refuse with --strict), naming the successor and `migrate`. */
export function checkDeprecatedEvents(io: IO, events: Iterable<string>, strict: boolean): void {
  for (const name of new Set(events)) {
    const info = findEvent(name);
    if (info?.status !== 'deprecated') continue;
    const successor = info.successor ?? 'its successor';
    const message = `${name} is deprecated and will be removed by TagMango; use ${successor} (same payload). To move existing registrations, run: tagmango-hooks migrate`;
    if (strict) {
      throw new UsageError(`${name} is deprecated (--strict).`, `Use --event ${successor}; to move existing registrations, run: tagmango-hooks migrate`, 'DEPRECATED_EVENT');
    }
    io.warn({ code: 'DEPRECATED_EVENT', message, event: name, successor: info.successor });
  }
}
