import type { IncomingMessage, ServerResponse } from 'node:http';
import { deliveryHandler, TOO_LARGE, type HandlerOptions } from './core.js';

/** A request as node:http and Express give it; Express may have read the body already (`req.body`). */
type NodeRequest = IncomingMessage & { body?: unknown };

/**
 * The same handler as `createHandler`, as a `node:http` listener or Express route:
 * `http.createServer(nodeHandler(options))` or `app.post('/tagmango', nodeHandler(options))`.
 * Mount it before a JSON body parser, or after `express.raw()`, so the body arrives as sent.
 */
export function nodeHandler(options: HandlerOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const handle = deliveryHandler(options);
  return async (req: NodeRequest, res) => {
    const answer = await handle({
      method: req.method ?? 'GET',
      // Express strips a mount path from req.url; originalUrl keeps it.
      url: (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/',
      headers: Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')])),
      readBody: (limit) => readLimited(req, limit),
    });
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (answer.status === 405) headers.allow = 'POST';
    res.writeHead(answer.status, headers).end(JSON.stringify(answer.body));
  };
}

/** The body as text: what a body parser left in req.body, or read from the stream up to the limit. */
function readLimited(req: NodeRequest, limit: number): Promise<string | typeof TOO_LARGE> {
  const parsed = req.body;
  if (Buffer.isBuffer(parsed) || typeof parsed === 'string') {
    const text = parsed.toString();
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
