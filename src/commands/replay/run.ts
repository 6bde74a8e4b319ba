import type { DeliveryOptions } from '../delivery-options.js';
import type { CommandOutcome } from '../../action.js';
import { deliver, type DeliveryResult } from '../../delivery/deliver.js';
import { printResult } from '../../delivery/report.js';
import { ApiError, CancelError, UsageError } from '../../errors.js';
import { readInputText, type InputPorts } from '../../files/read-json.js';
import { bodyOf, recordedDeliverySchema, type RecordedDelivery } from '../../listen/recording.js';
import { checkHttpUrl } from '../../validate/http-url.js';
import { fillSecret, holdsSecret } from '../../validate/hook-secret.js';
import { quoteInput } from '../../validate/quote.js';
import type { ReplayFlags } from './flags.js';

/** What `replay` uses: the delivery options, where the file is read, and the hook secret for `{secret}`. */
export type ReplayOptions = Omit<DeliveryOptions, 'now'> &
  InputPorts & {
    hookSecret: () => string;
    /** The time limit of each delivery (--timeout); TagMango's 30 s when not given. */
    timeoutMs?: number | undefined;
  };

/** Headers that belong to one connection or are recomputed for the new one: not replayed. */
const NOT_REPLAYED = new Set(['host', 'content-length', 'connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'expect', 'proxy-connection', 'proxy-authorization']);

/** Read every recorded delivery first (a bad line sends nothing), then send them in order and report each answer. */
export async function runReplay(source: string, flags: ReplayFlags, options: ReplayOptions): Promise<CommandOutcome> {
  const { io, signal } = options;
  const to = parseTarget(flags.to);
  const text = await readInputText(source, options, { noun: 'recording', code: 'RECORDING_UNREADABLE', hint: 'Give the file that listen --record wrote.' });
  const records = parseRecording(text, source).filter((r) => flags.event === undefined || eventOf(r) === flags.event);
  if (records.length === 0) {
    throw new UsageError(
      flags.event === undefined ? `${source} holds no deliveries.` : `No delivery in ${source} was sent to a URL naming ${quoteInput(flags.event)}.`,
      flags.event === undefined ? 'Record some with: tagmango-hooks listen --record <file>' : 'Leave out --event to replay them all.',
      'NOTHING_TO_REPLAY',
    );
  }
  const targets = records.map((r) => targetOf(to, r));
  const secret = targets.some(holdsSecret) ? options.hookSecret() : undefined;
  const dispatcher = await options.dispatcher();
  const results: (DeliveryResult & { event: string | null })[] = [];
  for (const [index, record] of records.entries()) {
    if (signal?.aborted) break;
    const shown = targets[index] as string;
    const sent = await deliver({ url: secret === undefined ? shown : fillSecret(shown, secret), body: bodyOf(record), headers: replayedHeaders(record), dispatcher, signal, ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}) });
    const result = { ...sent, url: shown, event: eventOf(record) };
    results.push(result);
    printResult(io, result.event ?? '(no event in the URL)', result);
  }
  const data = { file: source, to: flags.to, deliveries: results.map(({ responseBody: _body, contentType: _type, ...rest }) => rest) };
  const failed = results.find((r) => !r.ok);
  if (!failed && results.length === records.length) return { data };
  const error = signal?.aborted
    ? new CancelError(`Stopped after ${results.length} of ${records.length} deliveries.`)
    : new ApiError('DELIVERY_FAILED', failed?.reason ?? 'A delivery failed.', {
        ...(failed?.status != null ? { status: failed.status } : {}),
        hint: "TagMango expects a 2xx answer within 30 seconds; check the receiver's logs.",
      });
  return { data, error };
}

/** The records of a JSON lines file; blank lines are skipped, any other bad line is named (exit 2). */
function parseRecording(text: string, source: string): RecordedDelivery[] {
  const records: RecordedDelivery[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new UsageError(`Line ${index + 1} of ${source} is not JSON.`, 'Give the file that listen --record wrote, one delivery per line.', 'RECORDING_INVALID');
    }
    const parsed = recordedDeliverySchema.safeParse(value);
    if (!parsed.success) {
      const problem = parsed.error.issues.map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; ');
      throw new UsageError(`Line ${index + 1} of ${source} is not a recorded delivery (${problem}).`, 'Give the file that listen --record wrote, one delivery per line.', 'RECORDING_INVALID');
    }
    records.push(parsed.data);
  }
  return records;
}

/** The event the recorded URL named (`?event=`), if any. */
function eventOf(record: RecordedDelivery): string | null {
  return new URLSearchParams(record.query).get('event');
}

/** --to with the record's query parameters that --to does not set itself. */
function targetOf(to: URL, record: RecordedDelivery): string {
  const url = new URL(to.href);
  const own = new Set(url.searchParams.keys());
  for (const [name, value] of new URLSearchParams(record.query)) if (!own.has(name)) url.searchParams.append(name, value);
  return url.href;
}

function replayedHeaders(record: RecordedDelivery): Record<string, string> {
  return Object.fromEntries(Object.entries(record.headers).filter(([name]) => !NOT_REPLAYED.has(name.toLowerCase())));
}

function parseTarget(raw: string): URL {
  // The recorded query carries ?event= and the ids; a placeholder left in --to would be sent as written.
  const unfilled = [...raw.matchAll(/\{([^{}]*)\}/g)].find((m) => m[1] !== 'secret');
  if (unfilled) {
    throw new UsageError(
      `--to holds ${quoteInput(unfilled[0])}, which replay does not fill (only {secret} is filled).`,
      "Remove it: each delivery's recorded query (?event=...) is added to --to.",
      'INVALID_PLACEHOLDER',
    );
  }
  const check = checkHttpUrl(raw);
  if (check.ok) return check.url;
  const sentence = check.problem === 'scheme' ? `--to must use http or https, not "${check.scheme}".` : `--to ${quoteInput(raw)} is not an absolute URL.`;
  throw new UsageError(sentence, 'Example: --to http://localhost:3000/tagmango', 'INVALID_URL');
}
