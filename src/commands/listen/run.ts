import { DEFAULT_EVENT } from '../../catalogue/events.js';
import type { ListenFlags } from './flags.js';
import type { IO } from '../../io/io.js';
import type { DeliveryOptions } from '../delivery-options.js';
import type { CommandOutcome } from '../../action.js';
import { UsageError } from '../../errors.js';
import { createReceiver, type ReceivedDelivery } from '../../listen/receiver.js';
import { escapeControls } from '../../io/escape.js';
import { closeServer, listenOn, untilAborted } from '../../net/serve.js';
import { checkHttpUrl } from '../../validate/http-url.js';
import { openRecording, type Recording } from '../../listen/recording.js';

const KEY_FIELDS = ['email', 'courseId', 'webinarId', 'orderId', 'subscriberId', 'mangoName', 'mangoTitle', '_id'];

/** What `listen` uses: the delivery options, and the folder `--record` is relative to. */
export type ListenOptions = DeliveryOptions & { cwd: string };

/** Receive deliveries until Ctrl-C; one line (or JSON line) per delivery. */
export async function runListen(flags: ListenFlags, { io, dispatcher: pool, now, signal, cwd }: ListenOptions): Promise<CommandOutcome> {
  const path = flags.path.startsWith('/') ? flags.path : `/${flags.path}`;
  const forwardTo = flags.forwardTo === undefined ? undefined : parseForwardUrl(flags.forwardTo);
  const dispatcher = await pool();
  // Opened once the port is bound, so a port in use leaves no new file behind.
  let recording: Recording | undefined;
  let deliveries = 0;
  let duplicates = 0;
  const { server, settled } = createReceiver({
    path,
    signal,
    forwardTo,
    dispatcher,
    now,
    record: flags.record === undefined ? undefined : (record) => recording?.append(record),
    onDelivery: (d) => {
      deliveries += 1;
      if (d.duplicate) duplicates += 1;
      if (io.json) io.write(JSON.stringify(jsonLine(d)) + '\n');
      else printDelivery(io, d);
    },
    onStray: (method, strayPath, status) => io.info(`${method} ${strayPath} answered ${status} (webhooks are received with POST on ${path})`),
  });
  try {
    // Known before binding when --port is given; with port 0 only once bound (then nothing was received yet).
    if (forwardTo && flags.port !== 0) refuseSelfForward(forwardTo, flags.host, flags.port);
    const bound = await listenOn(server, flags.port, flags.host, 'listener');
    if (forwardTo) refuseSelfForward(forwardTo, flags.host, bound);
    if (flags.record !== undefined) recording = openRecording(flags.record, cwd);
    const host = flags.host.includes(':') ? `[${flags.host}]` : flags.host;
    const url = `http://${host}:${bound}${path}`;
    if (io.json) io.write(JSON.stringify({ type: 'listening', url, port: bound, ...(forwardTo ? { forwardTo } : {}), ...(recording ? { record: recording.file } : {}) }) + '\n');
    else {
      io.out(`Listening on ${url}${forwardTo ? `, forwarding to ${forwardTo}` : ''}${recording ? `, recording to ${recording.file}` : ''} (Ctrl-C to stop)`);
      io.info(`Try: tagmango-hooks trigger ${DEFAULT_EVENT} --to ${url}`);
    }
    await untilAborted(signal);
  } finally {
    await closeServer(server);
    // Forwards in flight were stopped by the same signal: report them before the closing line.
    await settled();
    recording?.close();
  }
  io.info(`Stopped after ${deliveries} deliver${deliveries === 1 ? 'y' : 'ies'} (${duplicates} duplicate${duplicates === 1 ? '' : 's'}).`);
  return { data: { type: 'stopped', deliveries, duplicates }, jsonLines: true };
}

function printDelivery(io: IO, d: ReceivedDelivery): void {
  const time = d.time.slice(11, 19);
  const fields = d.json && typeof d.body === 'object' && d.body !== null
    ? KEY_FIELDS.filter((k) => k in (d.body as object)).map((k) => `${k}=${escapeControls(String((d.body as Record<string, unknown>)[k]))}`)
    : [];
  const label = labelOf(io, d);
  const dup = d.duplicate ? io.color.yellow(` DUPLICATE (seen ${d.seen} times)`) : '';
  const status = d.forward ? ` -> ${d.forward.status ?? 502} from ${d.forward.url}` : '';
  io.out(`${time}  ${label}  ${fields.join(' ')}${dup}${status}`);
  if (!d.verdict.valid) io.out(`          ${io.color.red(escapeControls(d.verdict.issues.join('; ')))}`);
  if (d.recordError) io.out(`          ${io.color.red(`recording failed (${escapeControls(d.recordError)}); answered 500.`)}`);
  if (d.forward && d.forward.status === null) io.out(`          ${io.color.red(`forwarding failed: ${d.forward.reason} Answered 502.`)}`);
}

/** The event the URL names (with the body's fit), else what the body looks like. */
function labelOf(io: IO, d: ReceivedDelivery): string {
  const { color } = io;
  if (d.urlEvent === undefined) return d.verdict.valid ? d.verdict.label : color.red(d.verdict.label);
  const named = escapeControls(d.urlEvent);
  if (!d.verdict.valid) return `${named} ${color.red(`(from the URL; ${d.verdict.label})`)}`;
  if (d.verdict.events.includes(d.urlEvent)) return `${named} (from the URL)`;
  return `${named} ${color.red(`(from the URL, but the body is a ${d.verdict.label})`)}`;
}

/** One delivery as a --json line: `type` says what the line is; `event` is the webhook event the URL named; `payloadEvents` the events whose payload the body is. */
function jsonLine(d: ReceivedDelivery): Record<string, unknown> {
  return {
    type: 'delivery',
    time: d.time,
    path: d.path,
    ...(d.urlEvent !== undefined ? { event: d.urlEvent } : {}),
    payloadFamily: d.verdict.family,
    payloadEvents: d.verdict.events,
    label: d.verdict.label,
    valid: d.verdict.valid,
    issues: d.verdict.issues,
    duplicate: d.duplicate,
    seen: d.seen,
    status: d.status,
    ...(d.recordError ? { recordError: d.recordError } : {}),
    ...(d.forward ? { forward: { url: d.forward.url, status: d.forward.status, latencyMs: d.forward.latencyMs, ...(d.forward.reason ? { reason: d.forward.reason } : {}) } } : {}),
    body: d.body,
  };
}

function parseForwardUrl(raw: string): string {
  const check = checkHttpUrl(raw);
  if (check.ok) return check.url.toString();
  throw new UsageError(`--forward-to "${raw}" is not an absolute http(s) URL.`, 'Example: --forward-to http://localhost:3000/webhook', 'INVALID_URL');
}

/** Hosts that reach this machine's loopback listener. */
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|::1|\[::ffff:127(\.\d{1,3}){3}\])$/i;

/** --forward-to the listener's own address would deliver each delivery to itself, without end: refused (exit 2). */
function refuseSelfForward(forwardTo: string, host: string, port: number): void {
  const target = new URL(forwardTo);
  const targetPort = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  if (targetPort !== port) return;
  const name = target.hostname.toLowerCase();
  const listenHost = host.toLowerCase();
  const wildcard = listenHost === '0.0.0.0' || listenHost === '::' || listenHost === '[::]';
  const same = name === listenHost || name === `[${listenHost}]` || ((wildcard || LOOPBACK.test(listenHost)) && LOOPBACK.test(name));
  if (!same) return;
  throw new UsageError(`--forward-to ${forwardTo} is this listener's own address: each delivery would be forwarded to itself without end.`, 'Forward to your receiver on another port, e.g. --forward-to http://localhost:3000/webhook', 'FORWARD_TO_SELF');
}
