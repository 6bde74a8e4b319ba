import { GATEWAY_STATUSES, PROXY_TUNNEL_FAILED, neverSent } from './retry-policy.js';

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

/** One human sentence for an HTTP error status; `detail` is TagMango's message, already quoted. */
export function describeStatus(status: number, detail: string | undefined): string {
  const said = detail ? `: ${detail}` : '';
  if (status === 401) return `TagMango rejected the API key (401)${said}.`;
  if (status === 403) return `TagMango refused access with this API key (403)${said}.`;
  if (status === 404) return `TagMango answered 404 Not Found${said}. Check --api-url.`;
  if (status === 429) return `TagMango is rate limiting requests (429)${said}.`;
  if (GATEWAY_STATUSES.has(status)) {
    return `A gateway in front of TagMango failed with ${status}${said}. It may already have passed the request on: the webhook may or may not have been registered.`;
  }
  if (status >= 500) return `TagMango failed with ${status}${said}.`;
  return `TagMango rejected the registration with ${status}${said}.`;
}

/** What to do about a redirect. */
export const REDIRECT_HINT =
  'Check --api-url (or TAGMANGO_API_URL, or config api-url): a typical cause is http:// redirected to https://. Redirects are not followed, so the key never travels elsewhere.';

/** One human sentence for a redirect: where it points, and that nothing was sent there. */
export function describeRedirect(status: number, target: string): string {
  if (status === 303) {
    return `The API URL answered 303 See Other, pointing to ${target}: the webhook may or may not have been registered, and the key was not sent there.`;
  }
  return `The API URL redirected (${status}) to ${target}: nothing was registered, and the key was not sent there.`;
}

/** One human sentence for a 2xx whose body did not arrive whole. */
export function describeUnfinished(status: number, failure: 'timeout' | 'error', timeoutMs: number): string {
  const why = failure === 'timeout' ? `its answer did not finish within ${timeoutMs} ms` : 'the connection broke before its answer finished';
  return `TagMango answered ${status} but ${why}: the webhook may or may not have been registered.`;
}
