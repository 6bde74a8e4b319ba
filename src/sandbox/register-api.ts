import { z } from 'zod';
import { SCOPE_KEYS, findEvent } from '../catalogue/events.js';
import type { Scope } from '../tagmango/registration.js';
import { isHttpUrl } from '../validate/http-url.js';

/** TagMango's response envelope. */
export interface Envelope {
  message: string;
  success: boolean;
  result: unknown;
  code: number;
  statusMessage: string;
}

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 405: 'Method Not Allowed', 413: 'Payload Too Large' };

/** Build a response in TagMango's envelope. */
export function envelope(code: number, message: string, result: unknown = null): Envelope {
  return { message, success: code >= 200 && code < 300, result, code, statusMessage: STATUS_TEXT[code] ?? 'Error' };
}

const OBJECT_ID = /^[0-9a-f]{24}$/i;

const bodySchema = z
  .object({
    hookUrl: z.string({ error: 'hookUrl is required' }).min(1, 'hookUrl is required').refine(isHttpUrl, 'hookUrl must be an absolute http(s) URL'),
    event: z.string({ error: 'event is required' }).min(1, 'event is required'),
    ...Object.fromEntries(SCOPE_KEYS.map((key) => [key, z.string().regex(OBJECT_ID, `${key} must be a 24-hex id`).optional()])),
  })
  .strict();

/** A registration request the sandbox accepted, or the envelope that rejects it. */
export type RegistrationCheck = { ok: true; hookUrl: string; event: string; scope: Scope | null } | { ok: false; status: number; body: Envelope };

/** Check the key and body of a registration as TagMango does: required fields, one fitting scope key. */
export function checkRegistration(apiKey: string | undefined, requiredKey: string | undefined, rawBody: string): RegistrationCheck {
  if (!apiKey || apiKey.trim() === '') return reject(401, 'x-api-key header is required');
  if (requiredKey !== undefined && apiKey !== requiredKey) return reject(401, 'Invalid API key');
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return reject(400, 'Request body must be JSON');
  }
  const parsed = bodySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message = issue?.code === 'unrecognized_keys' ? `Unexpected field(s): ${issue.keys.join(', ')}` : (issue?.message ?? 'Invalid body');
    return reject(400, message);
  }
  const body = parsed.data as Record<string, string | undefined>;
  const event = findEvent(parsed.data.event);
  if (!event) return reject(400, `Invalid event: ${parsed.data.event}`);
  const used = SCOPE_KEYS.filter((key) => body[key] !== undefined);
  if (used.length > 1) return reject(400, `Only one of ${SCOPE_KEYS.join(', ')} may be given`);
  const key = used[0];
  if (key && key !== event.scopeKey) return reject(400, `${key} does not apply to event ${event.name}`);
  const scope = key ? { key, id: (body[key] as string).toLowerCase() } : null;
  return { ok: true, hookUrl: parsed.data.hookUrl, event: event.name, scope };
}

function reject(status: number, message: string): RegistrationCheck {
  return { ok: false, status, body: envelope(status, message) };
}
