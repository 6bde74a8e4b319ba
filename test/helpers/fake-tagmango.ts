import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake server received. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: unknown;
}

/** A scripted answer; `reset` destroys the socket after reading the request, `hang` never answers. */
export type ScriptedReply =
  | { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }
  | { reset: true }
  | { hang: true };

/** The answer TagMango itself would give (201 with the webhook, 401 for a wrong key, 404 elsewhere). */
export const AS_TAGMANGO = { asTagMango: true } as const;

/** What a test tells the fake to answer: a scripted reply, or TagMango's own answer. */
export type Expected = ScriptedReply | typeof AS_TAGMANGO;

/** Options of the fake server. */
export interface FakeOptions {
  /** The only accepted x-api-key; any other gets 401. Undefined accepts any non-empty key. */
  apiKey?: string;
  /** Latency added to every default answer. */
  latencyMs?: number;
  /**
   * Decide an answer per request, by rule (after the queue is empty): the test expects every
   * request it answers. A request it leaves (undefined) is unexpected.
   */
  route?: (request: RecordedRequest, index: number) => Expected | undefined;
  /** Hold each status answer until the returned promise settles (requests stay in flight meanwhile). */
  hold?: (request: RecordedRequest) => Promise<void>;
}

/**
 * A strict fake TagMango on 127.0.0.1: it records every request and answers only what the test
 * told it to expect (`reply`, `expect`, `route`). A request nobody expected gets a 400 and fails
 * the test when the fake is closed or verified, as does a scripted answer left unused.
 */
export interface FakeTagMango {
  url: string;
  requests: RecordedRequest[];
  /** Queue answers for the next requests, in order; each is used once. */
  reply: (...replies: ScriptedReply[]) => void;
  /** Expect `count` more requests (1 by default), answered as TagMango would; queued after the replies before. */
  expect: (count?: number) => void;
  /** Throw when a request came that nobody expected, or a queued answer is left unused. */
  verify: () => void;
  /** TCP connections accepted so far. */
  connections: () => number;
  /** Stop the server, then verify. */
  close: () => Promise<void>;
}

const REGISTER_PATH = '/api/v1/integration/webhook/webhook';

/**
 * A route for runs whose number of requests depends on timing (a stop, a kill, a race): every
 * registration request is expected and answered as TagMango would; any other request is not.
 */
export function everyRegistration(request: RecordedRequest): Expected | undefined {
  return request.method === 'POST' && request.url === REGISTER_PATH ? AS_TAGMANGO : undefined;
}

/** Start the fake on port 0. */
export async function startFakeTagMango(options: FakeOptions = {}): Promise<FakeTagMango> {
  const requests: RecordedRequest[] = [];
  const queue: Expected[] = [];
  const unexpected: RecordedRequest[] = [];
  let connections = 0;
  let serial = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      const recorded: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, json };
      requests.push(recorded);
      const expected = queue.shift() ?? options.route?.(recorded, requests.length - 1);
      if (expected === undefined) unexpected.push(recorded);
      const reply = expected === undefined ? UNEXPECTED : 'asTagMango' in expected ? defaultReply(recorded, options, ++serial) : expected;
      if ('reset' in reply) {
        req.socket.destroy();
        return;
      }
      if ('hang' in reply) return;
      const send = (): void => {
        const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        res.end(text);
      };
      const delay = reply.delayMs ?? options.latencyMs ?? 0;
      const later = (): void => {
        if (delay > 0) setTimeout(send, delay);
        else send();
      };
      if (options.hold) void options.hold(recorded).then(later, later);
      else later();
    });
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const verify = (): void => {
    const problems = [
      ...unexpected.map((r) => `unexpected request ${r.method} ${r.url} ${r.body.slice(0, 200)}`),
      ...(queue.length > 0 ? [`${queue.length} expected request(s) never came: ${JSON.stringify(queue).slice(0, 200)}`] : []),
    ];
    // Reported once: the next verify speaks only of what happens from here on.
    unexpected.length = 0;
    queue.length = 0;
    if (problems.length > 0) throw new Error(`Fake TagMango: ${problems.join('; ')}`);
  };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply: (...replies) => queue.push(...replies),
    expect: (count = 1) => queue.push(...Array.from({ length: count }, () => AS_TAGMANGO)),
    verify,
    connections: () => connections,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      verify();
    },
  };
}

/** The answer to a request nobody expected: a client error (never retried), and a failure at verify. */
const UNEXPECTED: ScriptedReply = { status: 400, body: { message: 'Unexpected request (the fake TagMango was not told to expect it)', success: false, code: 400 } };

function defaultReply(request: RecordedRequest, options: FakeOptions, serial: number): ScriptedReply {
  if (request.method !== 'POST' || request.url !== REGISTER_PATH) {
    return { status: 404, body: { message: 'Not found', success: false, code: 404, statusMessage: 'Not Found' } };
  }
  const key = request.headers['x-api-key'];
  if (!key || (options.apiKey !== undefined && key !== options.apiKey)) {
    return { status: 401, body: { message: 'Invalid API key', success: false, code: 401, statusMessage: 'Unauthorized' } };
  }
  const id = serial.toString(16).padStart(24, 'a');
  return {
    status: 201,
    body: { message: 'Webhook created', success: true, result: { _id: id, ...(request.json as object) }, code: 201, statusMessage: 'Created' },
  };
}
