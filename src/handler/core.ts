import crypto from 'node:crypto';
import { deliveryKeyOf, isEventName, parsePayload, type EventName, type PayloadIssue, type PayloadOf } from '../catalogue/receive.js';
import { memorySeenStore, type SeenStore } from './seen.js';

/** What a handler knows about one delivery besides its event and payload. */
export interface Delivery {
  /** The `deliveryKey` it is de-duplicated on (the same for a deprecated event and its successor). */
  key: string;
  /** Whether the body fits the event's documented payload. */
  valid: boolean;
  /** How it does not fit (empty when it does): a mismatch is delivered, never dropped. */
  issues: PayloadIssue[];
  /** The URL it was posted to, without the `token` query value. */
  url: URL;
  /** Request headers, names in lower case. */
  headers: Record<string, string>;
  /** The body as received. */
  body: string;
  receivedAt: Date;
}

/** `onEvent`'s arguments: narrowing the event (`if (event === '<name>')`) types the payload. */
export type EventArguments = { [E in EventName]: [event: E, payload: PayloadOf<E>, delivery: Delivery] }[EventName];

/** How a handler checks, de-duplicates and hands over deliveries. */
export interface HandlerOptions {
  /**
   * The secret of the hook URL's `token` query value (`?token={secret}`, at least 16 characters),
   * compared in constant time; `false` turns the check off (only behind authentication of your own).
   */
  secret: string | false;
  /** Your work for one delivery. Throwing answers 500 and leaves the delivery unseen, so a redelivery runs it again. */
  onEvent: (...args: EventArguments) => unknown;
  /** Deliveries whose `?event=` names an event the catalogue lacks; without it they are answered 400. */
  onUnknownEvent?: (event: string, payload: unknown, delivery: Delivery) => unknown;
  /** Keys of the deliveries processed (default: in memory, 10,000 keys for 7 days). */
  seen?: SeenStore;
  /** Called with what `onEvent` threw (default: one line on stderr). */
  onError?: (error: unknown, delivery: Delivery) => void;
  /** Larger bodies are answered 413 (default 1 MB). */
  maxBodyBytes?: number;
  /** An `onEvent` still running after this long is answered 503 and finishes on its own (default 25 s; TagMango waits 30 s). */
  timeoutMs?: number;
}

/** A request as the core sees it, whatever the framework. */
export interface IncomingDelivery {
  method: string;
  /** Path and query, or an absolute URL. */
  url: string;
  headers: Record<string, string>;
  /** The body as text, or `too-large` once it passed the limit. */
  readBody: (limitBytes: number) => Promise<string | typeof TOO_LARGE>;
}

/** What to answer: a status and a small JSON document. */
export interface Answer {
  status: number;
  body: { received: true; duplicate?: true } | { error: string };
}

/** What `readBody` returns for a body over the limit. */
export const TOO_LARGE = Symbol('too large');

const MIN_SECRET = 16;

/** The framework-neutral handler: check, parse, de-duplicate, call onEvent, answer. */
export function deliveryHandler(options: HandlerOptions): (request: IncomingDelivery) => Promise<Answer> {
  const secret = checkedSecret(options.secret);
  const seen = options.seen ?? memorySeenStore();
  const maxBodyBytes = options.maxBodyBytes ?? 1_000_000;
  const timeoutMs = options.timeoutMs ?? 25_000;
  const onError = options.onError ?? ((error: unknown, d: Delivery) => console.error(`tagmango-hooks: onEvent failed for ${d.key}: ${String(error)}`));
  const inFlight = new Map<string, Promise<void>>();

  return async (request) => {
    if (request.method !== 'POST') return fail(405, 'Webhooks are received with POST.');
    // A request target that is no URL (such as "POST http://[ HTTP/1.1") is answered, not thrown.
    if (!URL.canParse(request.url, 'http://receiver.invalid')) return fail(400, 'The request target is not a URL.');
    const url = new URL(request.url, 'http://receiver.invalid');
    if (secret !== false && !sameSecret(url.searchParams.get('token'), secret)) return fail(401, 'Wrong or missing token.');
    url.searchParams.delete('token');
    const event = url.searchParams.get('event');
    if (!event) return fail(400, 'The URL names no event: register it with ?event={event}.');
    if (!isEventName(event) && !options.onUnknownEvent) return fail(400, `${event} is not in this receiver's catalogue.`);
    const text = await request.readBody(maxBodyBytes);
    if (text === TOO_LARGE) return fail(413, `The body is over ${maxBodyBytes} bytes.`);
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      return fail(400, 'The body is not JSON.');
    }
    // An event outside the catalogue (onUnknownEvent) parses as a failure naming it.
    const parsed = parsePayload(event as EventName, payload);
    const delivery: Delivery = {
      key: deliveryKeyOf(event, payload),
      valid: parsed.success,
      issues: parsed.success ? [] : parsed.error.issues,
      url,
      headers: request.headers,
      body: text,
      receivedAt: new Date(),
    };
    const work = async (): Promise<void> => {
      if (isEventName(event)) await (options.onEvent as (...args: unknown[]) => unknown)(event, payload, delivery);
      else await options.onUnknownEvent?.(event, payload, delivery);
    };
    return once(delivery, work);
  };

  /** Run work for a key not seen yet; a copy arriving while the first is running waits for its outcome. */
  async function once(delivery: Delivery, work: () => Promise<void>): Promise<Answer> {
    const { key } = delivery;
    for (let running = inFlight.get(key); running; running = inFlight.get(key)) await running;
    // Claimed before the first await, so a copy arriving now waits for this one.
    let release!: () => void;
    inFlight.set(key, new Promise<void>((resolve) => (release = resolve)));
    const outcome = (async () => {
      if (await seen.has(key)) return 'duplicate' as const;
      await work();
      await seen.add(key);
      return 'processed' as const;
    })().then(
      (done) => done,
      (error: unknown) => {
        try {
          onError(error, delivery);
        } catch {
          // A failing error reporter must not leave the key claimed forever.
        }
        return 'failed' as const;
      },
    );
    void outcome.then(() => {
      inFlight.delete(key);
      release();
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
    const result = await Promise.race([outcome, late]);
    clearTimeout(timer);
    switch (result) {
      case 'duplicate':
        return { status: 200, body: { received: true, duplicate: true } };
      case 'processed':
        return { status: 200, body: { received: true } };
      case 'failed':
        return fail(500, 'Processing failed; a redelivery will try again.');
      case 'late':
        return fail(503, `Still processing after ${timeoutMs} ms; a redelivery after it finished is a duplicate.`);
    }
  }
}

function fail(status: number, error: string): Answer {
  return { status, body: { error } };
}

/** The secret option, refused when it is too short to guess at (a mistake found at start-up, not per delivery). */
function checkedSecret(secret: string | false | undefined): string | false {
  if (secret === false) return false;
  if (typeof secret !== 'string' || secret.length < MIN_SECRET) {
    throw new TypeError(`The handler's secret must be a string of at least ${MIN_SECRET} characters (or false to turn the token check off).`);
  }
  return secret;
}

/** Constant-time comparison: both sides are hashed to equal lengths first. */
function sameSecret(given: string | null, secret: string): boolean {
  const digest = (text: string): Buffer => crypto.createHash('sha256').update(text).digest();
  return crypto.timingSafeEqual(digest(given ?? ''), digest(secret)) && given !== null;
}
