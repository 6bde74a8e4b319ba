import crypto from 'node:crypto';
import http from 'node:http';
import type { Dispatcher } from 'undici';
import { identifyPayload, type PayloadVerdict } from '../catalogue/identify.js';
import { deliveryKeyOf } from '../catalogue/receive.js';
import { deliver, type DeliveryResult } from '../delivery/deliver.js';
import { readBodyBytes } from '../net/serve.js';
import { recordOf, type RecordedDelivery } from './recording.js';

/** One delivery the receiver took, judged against the catalogue. */
export interface ReceivedDelivery {
  time: string;
  method: string;
  path: string;
  /** Parsed JSON body, or the raw text when it is not JSON. */
  body: unknown;
  json: boolean;
  verdict: PayloadVerdict;
  /** The event named by the URL's `event` query parameter (a hook URL template's `{event}`), if any. */
  urlEvent?: string;
  /** The same delivery arrived before: the same deliveryKey for the URL's event, or else the identical body. */
  duplicate: boolean;
  /** How many such deliveries arrived so far, this one included. */
  seen: number;
  /** The status answered to the sender. */
  status: number;
  forward?: DeliveryResult;
  /** Why `record` failed (the delivery was answered 500). */
  recordError?: string;
}

/** How the receiver behaves. */
export interface ReceiverOptions {
  path: string;
  forwardTo?: string | undefined;
  dispatcher: Dispatcher;
  now: () => Date;
  onDelivery: (delivery: ReceivedDelivery) => void;
  /** A request to another path or method (answered 404/405). */
  onStray: (method: string, path: string, status: number) => void;
  /** Keep each delivery as received (listen --record), before it is answered; throwing answers 500. */
  record?: ((record: RecordedDelivery) => void) | undefined;
  /** Aborted when listening stops: forwards still waiting for an answer end at once. */
  signal?: AbortSignal | undefined;
}

/** The receiver's server, and a way to wait for the deliveries it is still handling. */
export interface Receiver {
  server: http.Server;
  /** Resolves once every delivery taken so far has been answered and reported. */
  settled: () => Promise<void>;
}

/** An HTTP server that accepts webhook POSTs on one path, flags duplicates and can forward. */
export function createReceiver(options: ReceiverOptions): Receiver {
  const seen = new Map<string, number>();
  const handling = new Set<Promise<void>>();
  const server = http.createServer((req, res) => {
    const handled = (async () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (path !== options.path) return stray(res, options, req.method ?? '', path, 404);
      if (req.method !== 'POST') return stray(res, options, req.method ?? '', path, 405);
      const bytes = await readBodyBytes(req);
      const text = bytes.toString('utf8');
      let body: unknown = text;
      let json = false;
      try {
        body = JSON.parse(text);
        json = true;
      } catch {
        // not JSON: reported as an unrecognised body
      }
      const query = new URL(req.url ?? '/', 'http://receiver.invalid').searchParams;
      const urlEvent = query.get('event');
      // With the event in the URL, a duplicate is what deliveryKey says (another milestone is new); else the same bytes.
      const key = urlEvent && json ? `event:${deliveryKeyOf(urlEvent, body)}` : `body:${crypto.createHash('sha256').update(text).digest('hex')}`;
      const count = (seen.get(key) ?? 0) + 1;
      seen.set(key, count);
      const delivery: ReceivedDelivery = {
        time: options.now().toISOString(),
        method: req.method,
        path,
        body,
        json,
        verdict: identifyPayload(json ? body : undefined),
        duplicate: count > 1,
        seen: count,
        status: 200,
      };
      if (urlEvent) delivery.urlEvent = urlEvent;
      try {
        options.record?.(recordOf(options.now(), req.method, req.url ?? '/', req.headers, bytes));
      } catch (error) {
        delivery.recordError = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        delivery.status = 500;
        res.writeHead(500, { 'content-type': 'text/plain' }).end('Recording the delivery failed.\n');
        options.onDelivery(delivery);
        return;
      }
      if (options.forwardTo) {
        const forward = await deliver({ url: withQuery(options.forwardTo, query), body: text, dispatcher: options.dispatcher, signal: options.signal });
        delivery.forward = forward;
        delivery.status = forward.status ?? 502;
        res.writeHead(delivery.status, { 'content-type': forward.contentType ?? 'text/plain' });
        res.end(forward.status === null ? `Forwarding to ${forward.url} failed: ${forward.reason}\n` : forward.responseBody);
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"received":true}');
      }
      options.onDelivery(delivery);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(400).end();
    });
    handling.add(handled);
    void handled.finally(() => handling.delete(handled));
  });
  return { server, settled: async () => void (await Promise.all(handling)) };
}

/** The forward URL with the delivery's query parameters added (those it does not set itself), so `?event=` reaches the target. */
function withQuery(forwardTo: string, query: URLSearchParams): string {
  const url = new URL(forwardTo);
  const own = new Set(url.searchParams.keys());
  for (const [name, value] of query) if (!own.has(name)) url.searchParams.append(name, value);
  return url.href;
}

function stray(res: http.ServerResponse, options: ReceiverOptions, method: string, path: string, status: number): void {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(status === 404 ? `Webhooks are received on ${options.path}\n` : 'Send webhooks with POST\n');
  options.onStray(method, path, status);
}
