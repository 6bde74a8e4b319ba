import crypto from 'node:crypto';
import { EVENTS, findEvent, type EventInfo } from './events.js';
import { matchingFamilies } from './identify.js';
import { examplePayload as familyExample, payloadSchema } from './payloads.js';
import { plainIssues } from '../validate/zod-issue.js';
import type { PayloadByEvent } from './payload-types.js';

/** The name of a documented event. */
export type EventName = keyof PayloadByEvent;

/** The payload type of event `E`: its documented fields typed (extra keys may be present at run time). */
export type PayloadOf<E extends EventName> = PayloadByEvent[E];

/** One problem with a body, as zod reports it. */
export interface PayloadIssue {
  code: string;
  path: PropertyKey[];
  message: string;
}

/** Why a body is not the documented payload: the shape of zod's error. */
export interface PayloadError {
  /** One line naming each problem, such as `phone: Invalid input: expected number, received string`. */
  message: string;
  issues: PayloadIssue[];
}

/** zod's `safeParse` shape: the body (extra fields kept) or what is wrong with it. */
export type ParseResult<T> = { success: true; data: T; error?: undefined } | { success: false; data?: undefined; error: PayloadError };

/** Whether a string names a documented event. */
export function isEventName(name: string): name is EventName {
  return findEvent(name) !== undefined;
}

/**
 * Check a received body against event's documented payload; unknown extra fields are kept. The
 * name is typed (a misspelt one does not compile); one from outside (a URL) goes through
 * `isEventName` first. A name the catalogue lacks is a failure at run time, never an exception.
 */
export function parsePayload<E extends EventName>(event: E, body: unknown): ParseResult<PayloadOf<E>> {
  const info = findEvent(event);
  if (!info) {
    const message = `Unknown event ${JSON.stringify(event)}: not in the catalogue.`;
    return { success: false, error: { message, issues: [{ code: 'custom', path: [], message }] } };
  }
  const result = payloadSchema(info).safeParse(body);
  if (result.success) return { success: true, data: result.data as unknown as PayloadOf<E> };
  const issues = result.error.issues.map(({ code, path, message }) => ({ code, path, message }));
  return { success: false, error: { message: plainIssues(result.error.issues, body), issues } };
}

/** A fresh copy of the realistic example payload the CLI sends for event (trigger, sandbox). */
export function examplePayloadOf<E extends EventName>(event: E): PayloadOf<E> {
  return familyExample(knownEvent(event)) as unknown as PayloadOf<E>;
}

/**
 * The documented events whose payload the body is, in catalogue order (course events share one
 * shape). A body that fits several shapes counts as the one with the most documented fields: a
 * webinar reminder also holds every field of a webinar completion, and is a reminder.
 */
export function identifyEvent(body: unknown): EventName[] {
  const families = new Set(matchingFamilies(body));
  return EVENTS.filter((e) => families.has(e.payload)).map((e) => e.name as EventName);
}

/**
 * A stable de-duplication key for one delivery: the event, with a deprecated event counted as its
 * successor (`course.completed` as `course.completed.100`), and the values of the payload's
 * documented fields. Extra undocumented fields do not change it.
 */
export function deliveryKey(event: EventName, body: unknown): string {
  return deliveryKeyOf(event, body);
}

/** `deliveryKey` for a name from outside (a URL's `?event=`): for an event not in the catalogue, the whole body counts. */
export function deliveryKeyOf(event: string, body: unknown): string {
  const info = findEvent(event);
  const milestone = info ? canonicalEvent(info) : event;
  let fields: unknown = body;
  if (info && typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    fields = Object.keys(payloadSchema(info).shape).map((key) => [key, record[key] ?? null]);
  }
  const digest = crypto.createHash('sha256').update(canonicalJson([milestone, fields])).digest('hex');
  return `${milestone}:${digest.slice(0, 32)}`;
}

/** The event a delivery stands for: a deprecated event's successor, else itself. */
function canonicalEvent(info: EventInfo): string {
  return info.status === 'deprecated' && info.successor ? info.successor : info.name;
}

function knownEvent(name: string): EventInfo {
  const info = findEvent(name);
  if (!info) throw new TypeError(`Unknown event ${JSON.stringify(name)}: not in the catalogue.`);
  return info;
}

/** JSON with object keys sorted at every level, so key order does not change a key. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
