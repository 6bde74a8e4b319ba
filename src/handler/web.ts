import { deliveryHandler, TOO_LARGE, type Answer, type HandlerOptions } from './core.js';

/**
 * A Web-standard handler, `(request: Request) => Promise<Response>`, for Hono, Next.js route
 * handlers, workers, Bun and Deno: checks the token, parses and de-duplicates the delivery, calls
 * `onEvent` and answers (200, or 400/401/405/413/500/503 with a JSON `error`).
 */
export function createHandler(options: HandlerOptions): (request: Request) => Promise<Response> {
  const handle = deliveryHandler(options);
  return async (request) => {
    const answer = await handle({
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
      readBody: (limit) => readLimited(request, limit),
    });
    return toResponse(answer);
  };
}

function toResponse(answer: Answer): Response {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (answer.status === 405) headers.allow = 'POST';
  return new Response(JSON.stringify(answer.body), { status: answer.status, headers });
}

/** The body as text, stopping (and cancelling the stream) once it passes the limit. */
async function readLimited(request: Request, limit: number): Promise<string | typeof TOO_LARGE> {
  if (Number(request.headers.get('content-length') ?? 0) > limit) return TOO_LARGE;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return TOO_LARGE;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
