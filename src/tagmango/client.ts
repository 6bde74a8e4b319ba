import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { ApiError, AuthError, type CliError } from '../errors.js';
import { maskKey, redact } from '../secrets.js';
import { registerUrl, registrationBody, type Registration } from './registration.js';
import { PROXY_TUNNEL_FAILED, decideRetry, parseRetryAfter, type AttemptFailure } from './retry-policy.js';
import { describeFailure, describeStatus } from './describe-failure.js';

/** TagMango's documented JSON envelope; every field optional, extra fields kept. */
const envelopeSchema = z
  .object({
    message: z.string().optional(),
    success: z.boolean().optional(),
    result: z.unknown().optional(),
    code: z.number().optional(),
    statusMessage: z.string().optional(),
  })
  .loose();

/** What came of one registration after all its attempts. */
export type RegistrationOutcome =
  | { status: 'created'; httpStatus: number; remoteId: string | undefined; response: unknown; attempts: number }
  | { status: 'failed' | 'unknown'; error: CliError; attempts: number };

/** Everything the client needs; all of it injected. */
export interface ClientOptions {
  apiUrl: string;
  apiKey: string;
  dispatcher: Dispatcher;
  timeoutMs: number;
  retries: number;
  userAgent: string;
  /** Verbose log sink (the key is never passed to it). */
  log: (line: string) => void;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
  /** Stops retry waits (not requests already sent). */
  signal?: AbortSignal | undefined;
}

/** The only place that speaks HTTP to TagMango. */
export class TagMangoClient {
  constructor(private readonly options: ClientOptions) {}

  /** POST one registration, retrying only where the SPEC says it is safe. */
  async registerWebhook(registration: Registration): Promise<RegistrationOutcome> {
    const { options } = this;
    const url = registerUrl(options.apiUrl);
    const body = JSON.stringify(registrationBody(registration));
    const headers = {
      'x-api-key': options.apiKey,
      'content-type': 'application/json',
      accept: 'application/json',
      'user-agent': options.userAgent,
    };
    const now = options.now ?? Date.now;
    for (let attempt = 1; ; attempt++) {
      options.log(`> POST ${url.href} (attempt ${attempt}) x-api-key: ${maskKey(options.apiKey)} body: ${body}`);
      const started = now();
      let failure: AttemptFailure;
      let error: CliError;
      try {
        const response = await options.dispatcher.request({
          origin: url.origin,
          path: url.pathname + url.search,
          method: 'POST',
          headers,
          body,
          headersTimeout: options.timeoutMs,
          bodyTimeout: options.timeoutMs,
        });
        const text = await response.body.text();
        options.log(`< ${response.statusCode} in ${now() - started} ms: ${excerpt(text)}`);
        const json = parseJson(text);
        if (response.statusCode >= 200 && response.statusCode < 300) {
          if (json === undefined) {
            // A 2xx that is not TagMango's JSON (a proxy page, a cut body): nobody can tell whether it was stored.
            const sentence = `TagMango answered ${response.statusCode} but not with the expected JSON: the webhook may or may not have been registered.`;
            return { status: 'unknown', attempts: attempt, error: new ApiError('UNEXPECTED_RESPONSE', sentence, { status: response.statusCode }) };
          }
          if (json.success === false) {
            return { status: 'failed', attempts: attempt, error: new ApiError('API_REJECTED', `TagMango answered ${response.statusCode} but success: false${json.message ? ` ("${json.message}")` : ''}.`, { status: response.statusCode }) };
          }
          return { status: 'created', httpStatus: response.statusCode, remoteId: remoteIdOf(json?.result), response: redactDeep(json, options.apiKey), attempts: attempt };
        }
        const retryAfter = header(response.headers['retry-after']);
        failure = { kind: 'status', status: response.statusCode, retryAfterMs: parseRetryAfter(retryAfter, now()) };
        error = statusError(response.statusCode, json?.message, text);
      } catch (caught) {
        const code = errorCode(caught);
        options.log(`< ${code} after ${now() - started} ms`);
        failure = { kind: 'network', code };
        error = new ApiError(`NETWORK_${code.replace(/^UND_ERR_/, '')}`, describeFailure(code, url.host, options.timeoutMs));
      }
      const decision = decideRetry(failure, attempt - 1, options.retries, options.random);
      if (decision.action === 'retry' && !options.signal?.aborted) {
        options.log(`  retrying in ${decision.delayMs} ms`);
        try {
          await options.sleep(decision.delayMs, options.signal);
          continue;
        } catch {
          // Interrupted while waiting: report the last failure as final.
        }
      }
      if (decision.action === 'stop' && decision.reason === 'retry-after-too-long') {
        error = new ApiError(error.code, `${error.message} TagMango asked to wait longer than 60 s before retrying.`, { hint: 'Try again later.' });
      }
      if (decision.action === 'stop' && decision.reason === 'exhausted') {
        error = new ApiError(error.code, `${error.message} Gave up after ${attempt} attempt${attempt === 1 ? '' : 's'}.`, { hint: 'Try again later.' });
      }
      const outcome = decision.action === 'stop' ? decision.outcome : 'failed';
      return { status: outcome, error, attempts: attempt };
    }
  }
}

function statusError(status: number, message: string | undefined, text: string): CliError {
  const detail = message ?? (looksLikeHtml(text) ? 'an HTML error page' : undefined);
  const sentence = describeStatus(status, detail);
  if (status === 401 || status === 403) return new AuthError(sentence, 'Check the key in TagMango (Dashboard > Platform Integrations), then run: tagmango-hooks login', status === 401 ? 'API_KEY_REJECTED' : 'API_KEY_FORBIDDEN');
  return new ApiError(`HTTP_${status}`, sentence, { status });
}

function parseJson(text: string): z.infer<typeof envelopeSchema> | undefined {
  try {
    const parsed = envelopeSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The response as kept in the registry: any echo of the key masked (the registry is not secret). */
function redactDeep(value: unknown, key: string): unknown {
  if (typeof value === 'string') return redact(value, [key]);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k, [key]), redactDeep(v, key)]));
  }
  return value;
}

function remoteIdOf(result: unknown): string | undefined {
  if (result && typeof result === 'object') {
    const record = result as Record<string, unknown>;
    const id = record._id ?? record.id;
    if (typeof id === 'string' || typeof id === 'number') return String(id);
  }
  return undefined;
}

function errorCode(error: unknown): string {
  const err = error as { code?: unknown; message?: unknown; cause?: { code?: unknown } };
  // undici reports a refused CONNECT as an abort; only its message tells it apart.
  if (err?.code === 'UND_ERR_ABORTED' && typeof err.message === 'string' && /^Proxy response \(\d+\)/.test(err.message)) return PROXY_TUNNEL_FAILED;
  if (typeof err?.code === 'string') return err.code;
  if (typeof err?.cause?.code === 'string') return err.cause.code;
  return 'UNKNOWN';
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function looksLikeHtml(text: string): boolean {
  return /^\s*<(!doctype|html)/i.test(text);
}

function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
