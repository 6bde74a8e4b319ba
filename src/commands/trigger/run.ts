import { z } from 'zod';
import { applyOverrides } from '../../catalogue/overrides.js';
import type { EventInfo } from '../../catalogue/events.js';
import { examplePayload, payloadSchema, scopeIdOf } from '../../catalogue/payloads.js';
import type { InputPorts } from '../../files/read-json.js';
import type { DeliveryOptions } from '../delivery-options.js';
import type { CommandOutcome } from '../../action.js';
import { deliver, type DeliveryResult } from '../../delivery/deliver.js';
import { printResult } from '../../delivery/report.js';
import { ApiError, CancelError, FileError, ExitCode, UsageError } from '../../errors.js';
import { parseJsonAs, readInputText } from '../../files/read-json.js';
import type { Scope } from '../../tagmango/registration.js';
import { expandHookUrl } from '../../validate/hook-url-template.js';
import { fillSecret, holdsSecret } from '../../validate/hook-secret.js';
import { parseKnownEvent } from '../../validate/known-event.js';
import type { TriggerFlags } from './flags.js';
import { checkHttpUrl } from '../../validate/http-url.js';

/** What `trigger` uses: the delivery options (terminal, pool, Ctrl-C) and where --data is read (cwd, stdin). */
export type TriggerOptions = Omit<DeliveryOptions, 'now'> & InputPorts & {
  hookSecret: () => string;
  /** The time limit of each delivery (--timeout); TagMango's 30 s when not given. */
  timeoutMs?: number | undefined;
};

/** Build the body, POST it (twice with --duplicate), report each answer; exit 1 unless all were 2xx. */
export async function runTrigger(eventName: string, flags: TriggerFlags, options: TriggerOptions): Promise<CommandOutcome> {
  const { io, signal } = options;
  const event = parseKnownEvent(eventName);
  const schema = payloadSchema(event);
  const base = flags.data !== undefined ? await readData(flags.data, options) : examplePayload(event);
  const payload = applyOverrides(base, flags.set ?? [], schema);
  const to = parseReceiverUrl(expandHookUrl(flags.to, { event: event.name, scope: scopeOfPayload(event, payload) }, ' (--to)', (name) =>
    `Remove {${name}} from --to: only {event} and, for course and webinar events, {course} or {webinar} (the payload's courseId or webinarId; change it with --set) can be filled.`));
  const check = schema.safeParse(payload);
  if (!check.success) {
    const problems = check.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    io.warn({ code: 'PAYLOAD_MISMATCH', message: `The body does not match the documented ${event.name} payload (${problems}); sending it anyway.`, event: event.name });
  }
  const body = JSON.stringify(payload);
  // {secret} is filled in the request only: the report shows the placeholder.
  const sendTo = holdsSecret(to) ? fillSecret(to, options.hookSecret()) : to;
  const dispatcher = await options.dispatcher();
  const results: DeliveryResult[] = [];
  for (let i = 0; i < (flags.duplicate ? 2 : 1) && !signal?.aborted; i++) {
    const result = { ...(await deliver({ url: sendTo, body, dispatcher, signal, ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}) })), url: to };
    results.push(result);
    printResult(io, event.name, result, flags.duplicate ? ` (copy ${i + 1} of 2)` : '');
  }
  const data = {
    event: event.name,
    to,
    payload,
    deliveries: results.map(({ responseBody: _unused, contentType: _ct, ...rest }) => rest),
  };
  const failed = results.find((r) => !r.ok);
  if (!failed) return { data };
  const error = signal?.aborted && failed.status === null
    ? new CancelError('Stopped before the receiver answered.')
    : new ApiError('DELIVERY_FAILED', failed.reason ?? 'The delivery failed.', {
        ...(failed.status !== null ? { status: failed.status } : {}),
        hint: 'TagMango expects a 2xx answer within 30 seconds; check the receiver\'s logs.',
      });
  return { data, error };
}

/** The object a payload is about (its course or webinar id), which fills a `{course}` or `{webinar}` placeholder in --to. */
function scopeOfPayload(event: EventInfo, payload: Record<string, unknown>): Scope | null {
  const id = scopeIdOf(event, payload);
  return event.scopeKey && typeof id === 'string' && id !== '' ? { key: event.scopeKey, id } : null;
}

/** A receiver URL: absolute http(s). Loopback is allowed: this is a testing tool. */
function parseReceiverUrl(raw: string): string {
  const check = checkHttpUrl(raw);
  if (check.ok) return check.url.toString();
  const sentence = check.problem === 'scheme' ? `--to must use http or https, not "${check.scheme}".` : `--to "${raw}" is not an absolute URL.`;
  throw new UsageError(sentence, 'Example: --to http://localhost:3000/webhook', 'INVALID_URL');
}

const dataObject = z.record(z.string(), z.unknown());

/** The --data body: a JSON object from a file (relative to the run's directory) or stdin. */
async function readData(source: string, ports: InputPorts): Promise<Record<string, unknown>> {
  const where = source === '-' ? 'stdin' : source;
  const text = await readInputText(source, ports, { noun: '--data file', code: 'DATA_UNREADABLE', hint: 'Give a readable JSON file, or - for stdin.' });
  return parseJsonAs(text, dataObject, (what, detail) =>
    what === 'is not valid JSON'
      ? new FileError('DATA_INVALID', `--data ${where} is not valid JSON (${detail}).`, where, 'Fix the JSON; see an example with: tagmango-hooks events <type>', ExitCode.usage)
      : new FileError('DATA_INVALID', `--data ${where} must hold one JSON object.`, where, 'See an example with: tagmango-hooks events <type>', ExitCode.usage));
}
