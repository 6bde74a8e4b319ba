// tagmango-hooks/events: the event catalogue for receivers (types, validation, examples, de-duplication).
// Bundled on its own (scripts/bundle.mjs): importing it loads nothing of the CLI.
import { EVENTS, type EventInfo } from './catalogue/events.js';

// Every payload interface generated from the catalogue, one per payload family, and PayloadByEvent.
export type * from './catalogue/payload-types.js';
export type { EventName, ParseResult, PayloadError, PayloadIssue, PayloadOf } from './catalogue/receive.js';
export { deliveryKey, examplePayloadOf as examplePayload, identifyEvent, isEventName, parsePayload } from './catalogue/receive.js';

/** One catalogue entry: name, scope key, status, successor, payload family, description. */
export type EventEntry = EventInfo;

/** Every documented TagMango webhook event (the CLI's own catalogue). */
export const events: readonly EventEntry[] = Object.freeze(EVENTS.map((e) => Object.freeze({ ...e })));

export type { Delivery, EventArguments, HandlerOptions } from './handler/core.js';
export type { MemorySeenOptions, SeenStore } from './handler/seen.js';
export { createHandler } from './handler/web.js';
export { nodeHandler } from './handler/node.js';
export { memorySeenStore } from './handler/seen.js';
export type { NodeRequest, NodeResponse } from './handler/node.js';
