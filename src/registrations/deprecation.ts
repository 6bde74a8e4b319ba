import { findEvent } from '../catalogue/events.js';
import { UsageError } from '../errors.js';
import type { IO } from '../io/io.js';

/** Warn once per deprecated event in use (or refuse with --strict), naming the successor and `migrate`; `fromFile` says where the event was given. */
export function checkDeprecatedEvents(io: IO, events: Iterable<string>, strict: boolean, fromFile = false): void {
  for (const name of new Set(events)) {
    const info = findEvent(name);
    if (info?.status !== 'deprecated') continue;
    const successor = info.successor ?? 'its successor';
    const message = `${name} is deprecated and will be removed by TagMango; use ${successor} (same payload). To move existing registrations, run: tagmango-hooks migrate`;
    if (strict) {
      const use = fromFile ? `Use ${successor} in the file` : `Use --event ${successor}`;
      throw new UsageError(`${name} is deprecated (--strict).`, `${use}; to move existing registrations, run: tagmango-hooks migrate`, 'DEPRECATED_EVENT');
    }
    io.warn({ code: 'DEPRECATED_EVENT', message, event: name, successor: info.successor });
  }
}
