import { findEvent } from '../catalogue/events.js';
import { UsageError } from '../errors.js';
import type { IO } from '../io/io.js';

/** Warn once per deprecated event in use (or refuse with --strict), naming the successor and `migrate`; `fromFile` says where the event was given. */
export function checkDeprecatedEvents(io: IO, events: Iterable<string>, strict: boolean, fromFile = false): void {
  for (const name of new Set(events)) {
    const info = findEvent(name);
    if (info?.status !== 'deprecated') continue;
    if (strict) throw deprecatedEventError(name, fromFile ? '' : undefined) as UsageError;
    const message = `${name} is deprecated and will be removed by TagMango; use ${info.successor ?? 'its successor'} (same payload). To move existing registrations, run: tagmango-hooks migrate`;
    io.warn({ code: 'DEPRECATED_EVENT', message, event: name, successor: info.successor });
  }
}

/**
 * The --strict refusal of a deprecated event, or undefined for any other: `where` names the row
 * of a file (" in row 3 (line 4) of hooks.csv"); undefined when the event came from --event.
 */
export function deprecatedEventError(name: string, where: string | undefined): UsageError | undefined {
  const info = findEvent(name);
  if (info?.status !== 'deprecated') return undefined;
  const successor = info.successor ?? 'its successor';
  const use = where !== undefined ? `Use ${successor} in the file` : `Use --event ${successor}`;
  return new UsageError(`${name}${where ?? ''} is deprecated (--strict).`, `${use}; to move existing registrations, run: tagmango-hooks migrate`, 'DEPRECATED_EVENT');
}
