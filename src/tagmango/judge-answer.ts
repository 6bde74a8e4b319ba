import { z } from 'zod';
import { ApiError, AuthError, type CliError } from '../errors.js';
import { redact } from '../secrets.js';
import { KEY_PAGE } from './dashboard.js';
import { MAYBE_REGISTERED, REDIRECT_HINT, describeRedirect, describeStatus, describeUnfinished } from './describe-failure.js';
import type { Answer } from '../net/read-answer.js';
import { excerpt } from '../net/failure.js';

/**
 * TagMango's documented JSON envelopes (`{success, code, statusMessage}`, and the integration
 * APIs' `{code: 0, type: "OK"}` and `{code: 500, type: "InternalServerError"}`); every field
 * optional, extra fields kept. A field of an unexpected type is dropped alone (the rest still
 * counts), and `success: "false"` is false.
 */
const envelopeSchema = z
  .object({
    message: z.string().optional().catch(undefined),
    success: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).optional().catch(undefined),
    result: z.unknown().optional(),
    code: z.number().optional().catch(undefined),
    type: z.string().optional().catch(undefined),
    statusMessage: z.string().optional().catch(undefined),
  })
  .loose();

/** An HTTP answer as the client saw it; `text` already has the key masked. */
export interface SeenAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  answer: Answer;
  timeoutMs: number;
}

/** What an answer means: a final outcome, or an error status for the retry policy to weigh. */
export type Judgement =
  | { kind: 'created'; remoteId: string | undefined; response: unknown }
  | { kind: 'final'; outcome: 'failed' | 'unknown'; error: CliError }
  | { kind: 'status'; error: CliError };

/** Redirect statuses: the request was refused there; 303 is the odd one (it may follow processing). */
const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/**
 * Judge an answer by its status: any 2xx is `created` whatever the body, except an HTML page (a
 * gateway or portal, not TagMango), a body that did not finish or a failure envelope (`unknown`)
 * and `success: false` (`failed`); a redirect is reported with its target; other statuses go to
 * the retry policy.
 */
export function judgeAnswer(seen: SeenAnswer, key: string): Judgement {
  const { status, text, answer } = seen;
  const parsed = parseEnvelope(text, answer);
  // Without a backslash, every text in the parsed answer is a piece of `text`, already masked;
  // escapes (\u0041, \/) can spell the key in a way only the parsed texts show.
  // Stryker disable next-line StringLiteral: a shortcut; masking texts already masked changes nothing.
  const json = parsed && (text.includes('\\') ? (redactDeep(parsed, key) as typeof parsed) : parsed);
  if (status >= 200 && status < 300) {
    if (answer.failure) return unknown(new ApiError('UNFINISHED_RESPONSE', describeUnfinished(status, answer.failure, seen.timeoutMs), { status }));
    if (isHtml(seen)) {
      const sentence = `TagMango answered ${status} with an HTML page, not its API's answer (a gateway or portal page?): ${MAYBE_REGISTERED}.`;
      return unknown(new ApiError('UNEXPECTED_RESPONSE', sentence, { status, hint: 'Check --api-url, then the TagMango dashboard.' }));
    }
    if (json?.success === false) {
      const said = json.message ? `: ${quoted(json.message)}` : '';
      return { kind: 'final', outcome: 'failed', error: new ApiError('API_REJECTED', `TagMango answered ${status} but success: false${said}.`, { status }) };
    }
    if (json && isFailureEnvelope(json)) {
      const what = [json.code !== undefined ? `code ${json.code}` : undefined, json.type && quoted(json.type)].filter(Boolean).join(', ');
      const said = json.message ? `: ${quoted(json.message)}` : '';
      const sentence = `TagMango answered ${status} with its failure envelope (${what})${said}. That is no proof the webhook exists: ${MAYBE_REGISTERED}.`;
      return unknown(new ApiError('FAILURE_ENVELOPE', sentence, { status }));
    }
    const response = json ?? (text === '' ? undefined : excerpt(text));
    return { kind: 'created', remoteId: remoteIdOf(json?.result), response };
  }
  if (REDIRECTS.has(status)) {
    const location = header(seen.headers.location);
    const target = location ? quoted(redact(location, [key])) : 'an address it did not name';
    const error = new ApiError('API_REDIRECTED', describeRedirect(status, target), {
      status,
      hint: REDIRECT_HINT,
    });
    return { kind: 'final', outcome: status === 303 ? 'unknown' : 'failed', error };
  }
  const detail = json?.message !== undefined ? quoted(json.message) : isHtml(seen) ? 'an HTML error page' : undefined;
  const sentence = describeStatus(status, detail);
  if (status === 401 || status === 403) {
    return { kind: 'status', error: new AuthError(sentence, `Check the key in TagMango (${KEY_PAGE}), then run: tagmango-hooks login`, status === 401 ? 'API_KEY_REJECTED' : 'API_KEY_FORBIDDEN') };
  }
  return { kind: 'status', error: new ApiError(`HTTP_${status}`, sentence, { status }) };
}


/** A failure envelope (`{code: 500, type: "InternalServerError"}`): a numeric code of 400 or more, or a type ending in `Error`. */
function isFailureEnvelope(json: z.infer<typeof envelopeSchema>): boolean {
  return (json.code !== undefined && json.code >= 400) || (json.type !== undefined && /Error$/.test(json.type));
}

function unknown(error: CliError): Judgement {
  return { kind: 'final', outcome: 'unknown', error };
}

/** Server text quoted in a sentence: cut short, control characters escaped. */
function quoted(text: string): string {
  return `"${excerpt(text, 200)}"`;
}

function parseEnvelope(text: string, answer: Answer): z.infer<typeof envelopeSchema> | undefined {
  // Stryker disable next-line ConditionalExpression,MethodExpression,StringLiteral: a shortcut; JSON.parse refuses a blank text too.
  if (answer.truncated || text.trim() === '') return undefined;
  try {
    // A byte order mark is not JSON, but some servers send one before it.
    const parsed = envelopeSchema.safeParse(JSON.parse(text.replace(/^\ufeff/, '')));
    return parsed.success ? parsed.data : undefined;
  }
  // Stryker disable next-line BlockStatement: an empty catch returns undefined as well.
  catch {
    return undefined;
  }
}

function isHtml(seen: SeenAnswer): boolean {
  // Stryker disable next-line StringLiteral: any default that is no HTML type reads the same.
  const type = header(seen.headers['content-type']) ?? '';
  return /^\s*text\/html/i.test(type) || /^\s*<(!doctype|html)/i.test(seen.text);
}

/**
 * The response as kept in the registry: any echo of the key masked (JSON escapes decode on parse).
 * The parsed answer is this run's own, so it is masked in place; an object is copied only when
 * one of its keys holds the secret, keeping its keys in order.
 */
function redactDeep(value: unknown, key: string): unknown {
  if (typeof value === 'string') return redact(value, [key]);
  // Stryker disable next-line ConditionalExpression,BlockStatement: an array masked as an object (its indexes as keys) comes out the same.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = redactDeep(value[i], key);
    return value;
  }
  // Stryker disable next-line ConditionalExpression: numbers and booleans have no keys, so they come out the same as objects.
  if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: copying an object whose keys hold no secret gives an equal one.
    if (keys.some((k) => redact(k, [key]) !== k)) {
      return Object.fromEntries(keys.map((k) => [redact(k, [key]), redactDeep(object[k], key)]));
    }
    for (const k of keys) object[k] = redactDeep(object[k], key);
    return object;
  }
  return value;
}

function remoteIdOf(result: unknown): string | undefined {
  // Stryker disable next-line ConditionalExpression: a number or a string has no _id or id either.
  if (result && typeof result === 'object') {
    const record = result as Record<string, unknown>;
    const id = record._id ?? record.id;
    if (typeof id === 'string' || typeof id === 'number') return String(id);
  }
  return undefined;
}

/** The first value of a header. */
export function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
