// A TagMango webhook receiver in plain node:http: validates each delivery, tells events apart by
// the URL, processes each delivery once, and answers 200 at once (TagMango waits at most 30 s).
// Register it with the event in the URL, so every delivery says which event it is:
//   tagmango-hooks subscribe 'https://hooks.example.com/tagmango?event={event}' --course <id>
import http from 'node:http';
import { deliveryKey, isEventName, parsePayload } from 'tagmango-hooks/events';

const PORT = Number(process.env.PORT ?? 3000);
const HOST = process.env.HOST ?? '127.0.0.1';
const MAX_BODY_BYTES = 1_000_000;
const REMEMBER_MS = 7 * 24 * 60 * 60 * 1000;

// Keys of the deliveries taken so far, with when each was first seen. This is one process's
// memory: with several instances or restarts, keep the keys in a shared store instead (a unique
// index in your database, or Redis SET NX with an expiry).
const seen = new Map();

/** Your work, one branch per event. It runs after TagMango has had its 200. */
async function handle(event, payload) {
  switch (event) {
    case 'course.completed.50':
      log({ processed: event, action: 'send-halfway-email', email: payload.email, courseId: payload.courseId });
      break;
    case 'course.completed': // deprecated; same payload and meaning as course.completed.100
    case 'course.completed.100':
      log({ processed: event, action: 'issue-certificate', email: payload.email, courseId: payload.courseId });
      break;
    default:
      log({ processed: event, action: 'none' });
  }
}

const server = http.createServer(async (req, res) => {
  let url;
  try {
    url = new URL(req.url ?? '/', 'http://receiver.invalid');
  } catch {
    return reply(res, 400, { error: 'Not a URL.' }); // such as "POST http://[ HTTP/1.1": new URL throws
  }
  if (req.method !== 'POST' || url.pathname !== '/tagmango') return reply(res, 404, { error: 'POST webhooks to /tagmango' });
  const event = url.searchParams.get('event');
  if (!event || !isEventName(event)) return reply(res, 400, { error: 'Register this URL with ?event={event}.' });

  let body;
  try {
    body = JSON.parse(await readBody(req));
  } catch (error) {
    return reply(res, 400, { error: `Unreadable body: ${error.message}` });
  }
  const parsed = parsePayload(event, body);
  if (!parsed.success) return reply(res, 400, { error: `Not a ${event} payload.`, issues: parsed.error.issues });

  const key = deliveryKey(event, parsed.data);
  forgetBefore(Date.now() - REMEMBER_MS);
  if (seen.has(key)) {
    log({ duplicate: event, key });
    return reply(res, 200, { duplicate: true });
  }
  seen.set(key, Date.now());
  reply(res, 200, { received: true });
  try {
    await handle(event, parsed.data);
  } catch (error) {
    seen.delete(key); // a redelivery may try again
    log({ failed: event, key, error: String(error) });
  }
});

/** The request body as text, refusing more than MAX_BODY_BYTES. */
async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function reply(res, status, json) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
}

function forgetBefore(time) {
  for (const [key, firstSeen] of seen) {
    if (firstSeen >= time) break; // a Map keeps insertion order: the rest are newer
    seen.delete(key);
  }
}

function log(line) {
  process.stdout.write(JSON.stringify(line) + '\n');
}

server.listen(PORT, HOST, () => {
  const { port } = server.address();
  log({ listening: `http://${HOST}:${port}/tagmango?event={event}`, port });
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
