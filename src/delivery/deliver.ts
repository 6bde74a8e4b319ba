import { Agent, request, type Dispatcher } from 'undici';
import { userAgent } from '../version.js';
import { closedAfterSending, connectFailure, excerpt, networkErrorCode } from '../net/failure.js';
import { readAnswer } from '../net/read-answer.js';

/** TagMango's documented limit: a receiver must answer within 30 seconds. */
export const DELIVERY_TIMEOUT_MS = 30_000;

/** One POST of a webhook body to a receiver. */
export interface DeliveryRequest {
  url: string;
  /** The exact body bytes to send (JSON text). */
  body: string | Buffer;
  /** Headers to send instead of the defaults (content-type JSON, our user-agent), such as a recorded delivery's. */
  headers?: Record<string, string>;
  dispatcher: Dispatcher;
  timeoutMs?: number;
  signal?: AbortSignal | undefined;
}

/** What a receiver did with a delivery. */
export interface DeliveryResult {
  url: string;
  /** HTTP status, or null when no answer came. */
  status: number | null;
  ok: boolean;
  latencyMs: number;
  /** The first characters of the response body. */
  excerpt: string;
  /** Why it failed, as one sentence (non-2xx, refused, timed out). */
  reason?: string;
  contentType?: string;
  /** The response body, up to 1 MB (for forwarding). */
  responseBody?: string;
}

/** A connection pool for deliveries; the caller closes it. */
export function createDeliveryDispatcher(): Dispatcher {
  return new Agent({ connect: { timeout: 10_000 }, keepAliveTimeout: 1_000 });
}

/** POST a JSON body as TagMango does and report status, latency and an excerpt; never throws. */
export async function deliver(req: DeliveryRequest): Promise<DeliveryResult> {
  const timeoutMs = req.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  const limitName = timeoutMs === DELIVERY_TIMEOUT_MS ? "TagMango's limit" : 'the time limit';
  const limit = AbortSignal.timeout(timeoutMs);
  const signal = req.signal ? AbortSignal.any([req.signal, limit]) : limit;
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  try {
    const response = await request(req.url, {
      method: 'POST',
      body: req.body,
      headers: { 'content-type': 'application/json', 'user-agent': userAgent(), ...req.headers },
      dispatcher: req.dispatcher,
      signal,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    // A receiver's answer is outside input too: at most 1 MB of it is read, within the same time limit.
    const answer = await readAnswer(response.body, timeoutMs - elapsed());
    if (answer.failure) {
      const reason = answer.failure === 'timeout' || limit.aborted
        ? `No complete answer within ${timeoutMs / 1000} s (${limitName}).`
        : req.signal?.aborted
          ? 'Stopped before the receiver answered.'
          : `${new URL(req.url).host} closed the connection before its answer was complete.`;
      return { url: req.url, status: null, ok: false, latencyMs: elapsed(), excerpt: '', reason };
    }
    const text = answer.text;
    const ok = response.statusCode >= 200 && response.statusCode < 300;
    const contentType = response.headers['content-type'];
    return {
      url: req.url,
      status: response.statusCode,
      ok,
      latencyMs: elapsed(),
      excerpt: excerpt(text),
      responseBody: text,
      ...(typeof contentType === 'string' ? { contentType } : {}),
      ...(ok ? {} : { reason: `The receiver answered ${response.statusCode}, not 2xx.` }),
    };
  } catch (error) {
    const reason = limit.aborted
      ? `No answer within ${timeoutMs / 1000} s (${limitName}).`
      : req.signal?.aborted
        ? 'Stopped before the receiver answered.'
        : failureSentence(error, req.url);
    return { url: req.url, status: null, ok: false, latencyMs: elapsed(), excerpt: '', reason };
  }
}

function failureSentence(error: unknown, url: string): string {
  const host = new URL(url).host;
  const code = networkErrorCode(error);
  const beforeSending = connectFailure(code, host);
  if (beforeSending) return `${beforeSending}${code === 'ECONNREFUSED' ? ' (is the receiver running?)' : ''}.`;
  if (closedAfterSending(code)) return `${host} closed the connection without answering.`;
  return `The delivery to ${host} failed: ${(error as Error).message || code}.`;
}
