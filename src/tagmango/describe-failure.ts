import { PROXY_TUNNEL_FAILED, neverSent } from './retry-policy.js';

/** One human sentence for a network failure code, saying whether the request was sent. */
export function describeFailure(code: string, host: string, timeoutMs: number): string {
  switch (code) {
    case 'ECONNREFUSED':
      return `Could not connect to ${host}: connection refused. Nothing was registered.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Could not resolve ${host} (DNS failure). Nothing was registered.`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `Could not reach ${host}: no route to the host. Nothing was registered.`;
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `Could not connect to ${host} within ${timeoutMs} ms. Nothing was registered.`;
    case PROXY_TUNNEL_FAILED:
      return `The proxy refused to open a connection to ${host}. Nothing was registered.`;
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return `${host} did not answer within ${timeoutMs} ms after the request was sent: the webhook may or may not have been registered.`;
    case 'UND_ERR_SOCKET':
    case 'ECONNRESET':
    case 'EPIPE':
      return `The connection to ${host} was closed after the request was sent: the webhook may or may not have been registered.`;
    default:
      if (neverSent(code)) return `Could not open a secure connection to ${host} (${code}). Nothing was registered.`;
      return `The request to ${host} failed (${code}): the webhook may or may not have been registered.`;
  }
}

/** One human sentence for an HTTP error status. */
export function describeStatus(status: number, detail: string | undefined): string {
  const said = detail ? ` (${detail})` : '';
  if (status === 401) return `TagMango rejected the API key (401)${said}.`;
  if (status === 403) return `TagMango refused access with this API key (403)${said}.`;
  if (status === 404) return `TagMango answered 404 Not Found${said}: check --api-url.`;
  if (status === 429) return `TagMango is rate limiting requests (429)${said}.`;
  if (status >= 500) return `TagMango failed with ${status}${said}.`;
  return `TagMango rejected the registration with ${status}${said}.`;
}
