import { deliveryHandler, TOO_LARGE, type HandlerOptions } from './core.js';

/**
 * What the handler reads of node:http's IncomingMessage (Express's Request is one), declared here
 * so receivers type-check without @types/node. Express may have read the body already (`req.body`).
 */
export interface NodeRequest {
  method?: string | undefined;
  url?: string | undefined;
  originalUrl?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  readableEnded?: boolean;
  on(event: string, listener: (...args: any[]) => void): unknown;
  off(event: string, listener: (...args: any[]) => void): unknown;
  resume(): unknown;
}

/** What the handler uses of node:http's ServerResponse. */
export interface NodeResponse {
  headersSent?: boolean;
  writeHead(status: number, headers: Record<string, string>): { end(body: string): unknown };
}

/**
 * The same handler as `createHandler`, as a `node:http` listener or Express route:
 * `http.createServer(nodeHandler(options))` or `app.post('/tagmango', nodeHandler(options))`.
 * Mount it before a JSON body parser, or after `express.raw()`, so the body arrives as sent.
 */
export function nodeHandler(options: HandlerOptions): (req: NodeRequest, res: NodeResponse) => Promise<void> {
  const handle = deliveryHandler(options);
  return async (req, res) => {
    const answer = await handle({
      method: req.method ?? 'GET',
      // Express strips a mount path from req.url; originalUrl keeps it.
      url: req.originalUrl ?? req.url ?? '/',
      headers: Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')])),
      readBody: (limit) => readLimited(req, limit),
    }).catch(() => ({ status: 400, body: { error: 'The request could not be read.' } }));
    if (res.headersSent) return;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (answer.status === 405) headers.allow = 'POST';
    res.writeHead(answer.status, headers).end(JSON.stringify(answer.body));
  };
}

/** The body as text: what a body parser left in req.body, or read from the stream up to the limit. */
function readLimited(req: NodeRequest, limit: number): Promise<string | typeof TOO_LARGE> {
  const parsed = req.body;
  if (Buffer.isBuffer(parsed) || typeof parsed === 'string') {
    const text = typeof parsed === 'string' ? parsed : parsed.toString('utf8');
    return Promise.resolve(Buffer.byteLength(text) > limit ? TOO_LARGE : text);
  }
  // express.json() consumed the stream: its parse is all there is (not byte for byte).
  if (parsed !== undefined && req.readableEnded) return Promise.resolve(JSON.stringify(parsed));
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.resolve(TOO_LARGE);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else {
        req.off('data', onData);
        // The rest is read and dropped, so the 413 reaches the sender instead of a reset.
        req.resume();
        resolve(TOO_LARGE);
      }
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
