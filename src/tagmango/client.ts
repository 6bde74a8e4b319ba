import type { Dispatcher } from 'undici';
import { ApiError, type CliError } from '../errors.js';
import { maskKey, redact } from '../secrets.js';
import { registerUrl, registrationBody, type Registration } from './registration.js';
import { decideRetry, parseRetryAfter, type AttemptFailure } from './retry-policy.js';
import { describeFailure } from './describe-failure.js';
import { excerpt, networkErrorCode } from '../net/failure.js';
import { header, judgeAnswer } from './judge-answer.js';
import { readAnswer } from '../net/read-answer.js';

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
  /** Verbose log sink (the key is never passed to it); without one, no log line is built. */
  log?: ((line: string) => void) | undefined;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
  /** Stops retry waits (not requests already sent). */
  signal?: AbortSignal | undefined;
}

/** The only place that speaks HTTP to TagMango. */
export class TagMangoClient {
  private readonly url: URL;
  private readonly origin: string;
  private readonly path: string;

  constructor(private readonly options: ClientOptions) {
    this.url = registerUrl(options.apiUrl);
    this.origin = this.url.origin;
    this.path = this.url.pathname + this.url.search;
  }

  /** POST one registration, retrying only where the SPEC says it is safe. */
  async registerWebhook(registration: Registration): Promise<RegistrationOutcome> {
    const { options, url } = this;
    const log = options.log;
    const body = JSON.stringify(registrationBody(registration));
    const headers = {
      'x-api-key': options.apiKey,
      'content-type': 'application/json',
      accept: 'application/json',
      'user-agent': options.userAgent,
    };
    const now = options.now ?? Date.now;
    for (let attempt = 1; ; attempt++) {
      log?.(`> POST ${url.href} (attempt ${attempt}) x-api-key: ${maskKey(options.apiKey)} body: ${body}`);
      const started = now();
      let failure: AttemptFailure;
      let error: CliError;
      try {
        // One deadline for the whole attempt: undici's timeouts bound connecting and the headers; the body gets what is left.
        const deadline = performance.now() + options.timeoutMs;
        // undici restarts its headers timeout on every 1xx line: a 1xx proves the request was sent, so the deadline then aborts it.
        const overdue = new AbortController();
        let overdueTimer: NodeJS.Timeout | undefined;
        const onInfo = (): void => {
          overdueTimer ??= setTimeout(() => overdue.abort(Object.assign(new Error('1xx answers ran past the deadline'), { code: 'UND_ERR_HEADERS_TIMEOUT' })), Math.max(0, deadline - performance.now()));
        };
        let response: Dispatcher.ResponseData;
        try {
          response = await options.dispatcher.request({
            origin: this.origin,
            path: this.path,
            method: 'POST',
            headers,
            body,
            headersTimeout: options.timeoutMs,
            bodyTimeout: options.timeoutMs,
            signal: overdue.signal,
            onInfo,
          });
        } finally {
          clearTimeout(overdueTimer);
        }
        const answer = await readAnswer(response.body, deadline - performance.now());
        // Mask before anything is cut or escaped; a cut body loses its last key-length characters, which may hold part of the key.
        const kept = answer.truncated ? answer.text.slice(0, Math.max(0, answer.text.length - options.apiKey.length)) : answer.text;
        const text = redact(kept, [options.apiKey]);
        const note = answer.truncated ? ' (answer longer than 1 MB: the rest was dropped)' : answer.failure === 'timeout' ? ' (answer unfinished when the time ran out)' : '';
        log?.(`< ${response.statusCode} in ${now() - started} ms: ${excerpt(text)}${note}`);
        const judged = judgeAnswer({ status: response.statusCode, headers: response.headers, text, answer, timeoutMs: options.timeoutMs }, options.apiKey);
        if (judged.kind === 'created') {
          return { status: 'created', httpStatus: response.statusCode, remoteId: judged.remoteId, response: judged.response, attempts: attempt };
        }
        if (judged.kind === 'final') return { status: judged.outcome, error: judged.error, attempts: attempt };
        const retryAfter = header(response.headers['retry-after']);
        failure = { kind: 'status', status: response.statusCode, retryAfterMs: parseRetryAfter(retryAfter, now()) };
        error = judged.error;
      } catch (caught) {
        const code = networkErrorCode(caught);
        log?.(`< ${code} after ${now() - started} ms`);
        failure = { kind: 'network', code };
        error = new ApiError(`NETWORK_${code.replace(/^UND_ERR_/, '')}`, describeFailure(code, url.host, options.timeoutMs));
      }
      const decision = decideRetry(failure, attempt - 1, options.retries, options.random);
      if (decision.action === 'retry' && !options.signal?.aborted) {
        log?.(`  retrying in ${decision.delayMs} ms`);
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

