import { escapeControls } from '../io/escape.js';

/** The code undici gives no name: a proxy that refused to open the tunnel (CONNECT not 2xx). */
export const PROXY_TUNNEL_FAILED = 'PROXY_TUNNEL_FAILED';

/** The network error code of a failed request (`ECONNREFUSED`, `UND_ERR_SOCKET`, ...), or `UNKNOWN`. */
export function networkErrorCode(error: unknown): string {
  const err = error as { code?: unknown; message?: unknown; cause?: { code?: unknown } };
  // undici reports a refused CONNECT as an abort; only its message tells it apart.
  if (err?.code === 'UND_ERR_ABORTED' && typeof err.message === 'string' && /^Proxy response \(\d+\)/.test(err.message)) return PROXY_TUNNEL_FAILED;
  if (typeof err?.code === 'string') return err.code;
  if (typeof err?.cause?.code === 'string') return err.cause.code;
  return 'UNKNOWN';
}

/**
 * What went wrong, for a failure that happened before the request was sent (refused, DNS,
 * unreachable, connect timeout, proxy), without a final stop; undefined for other codes.
 */
export function connectFailure(code: string, host: string, connectTimeoutMs?: number): string | undefined {
  switch (code) {
    case 'ECONNREFUSED':
      return `Could not connect to ${host}: connection refused`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Could not resolve ${host} (DNS failure)`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `Could not reach ${host}: no route to the host`;
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `Could not connect to ${host} ${connectTimeoutMs === undefined ? 'in time' : `within ${connectTimeoutMs} ms`}`;
    case PROXY_TUNNEL_FAILED:
      return `The proxy refused to open a connection to ${host}`;
    default:
      return undefined;
  }
}

/** True for codes meaning the connection broke after the request went out (reset, closed socket, broken pipe). */
export function closedAfterSending(code: string): boolean {
  return code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE';
}

/** A one-line excerpt of an answer for logs and messages: white space folded, cut at `max`, control characters escaped. */
export function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return escapeControls(flat.length > max ? `${flat.slice(0, max)}…` : flat);
}
