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

/** Options of the fake server. */
export interface FakeOptions {
  /** The only accepted x-api-key; any other gets 401. Undefined accepts any non-empty key. */
  apiKey?: string;
  /** Latency added to every default answer. */
  latencyMs?: number;
  /** Decide an answer per request (after the queue is empty). */
  route?: (request: RecordedRequest, index: number) => ScriptedReply | undefined;
  /** Hold each status answer until the returned promise settles (requests stay in flight meanwhile). */
  hold?: (request: RecordedRequest) => Promise<void>;
}

/** A fake TagMango on 127.0.0.1 that records every request and answers from a script. */
export interface FakeTagMango {
  url: string;
  requests: RecordedRequest[];
  /** Queue answers for the next requests, in order. */
  reply: (...replies: ScriptedReply[]) => void;
  /** TCP connections accepted so far. */
  connections: () => number;
  close: () => Promise<void>;
}

const REGISTER_PATH = '/api/v1/integration/webhook/webhook';

/** Start the fake on port 0. */
export async function startFakeTagMango(options: FakeOptions = {}): Promise<FakeTagMango> {
  const requests: RecordedRequest[] = [];
  const queue: ScriptedReply[] = [];
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
      const reply = queue.shift() ?? options.route?.(recorded, requests.length - 1) ?? defaultReply(recorded, options, ++serial);
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
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply: (...replies) => queue.push(...replies),
    connections: () => connections,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

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
