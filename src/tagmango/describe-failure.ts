import { closedAfterSending, connectFailure } from '../net/failure.js';
import { GATEWAY_STATUSES, neverSent } from './retry-policy.js';

/** The one wording of an unknown outcome: the registration may exist at TagMango or not. */
export const MAYBE_REGISTERED = 'the webhook may or may not have been registered';

/** One human sentence for a network failure code, saying whether the request was sent. */
export function describeFailure(code: string, host: string, timeoutMs: number): string {
  const beforeSending = connectFailure(code, host, timeoutMs);
  if (beforeSending) return `${beforeSending}. Nothing was registered.`;
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return `${host} did not answer within ${timeoutMs} ms after the request was sent: ${MAYBE_REGISTERED}.`;
  }
  if (closedAfterSending(code)) return `The connection to ${host} was closed after the request was sent: ${MAYBE_REGISTERED}.`;
  if (neverSent(code)) return `Could not open a secure connection to ${host} (${code}). Nothing was registered.`;
  return `The request to ${host} failed (${code}): ${MAYBE_REGISTERED}.`;
}

/** One human sentence for an HTTP error status; `detail` is TagMango's message, already quoted. */
export function describeStatus(status: number, detail: string | undefined): string {
  const said = detail ? `: ${detail}` : '';
  if (status === 401) return `TagMango rejected the API key (401)${said}.`;
  if (status === 403) return `TagMango refused access with this API key (403)${said}.`;
  if (status === 404) return `TagMango answered 404 Not Found${said}. Check --api-url.`;
  if (status === 429) return `TagMango is rate limiting requests (429)${said}.`;
  if (GATEWAY_STATUSES.has(status)) {
    return `A gateway in front of TagMango failed with ${status}${said}. It may already have passed the request on: ${MAYBE_REGISTERED}.`;
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
    return `The API URL answered 303 See Other, pointing to ${target}: ${MAYBE_REGISTERED}, and the key was not sent there.`;
  }
  return `The API URL redirected (${status}) to ${target}: nothing was registered, and the key was not sent there.`;
}

/** One human sentence for a 2xx whose body did not arrive whole. */
export function describeUnfinished(status: number, failure: 'timeout' | 'error', timeoutMs: number): string {
  const why = failure === 'timeout' ? `its answer did not finish within ${timeoutMs} ms` : 'the connection broke before its answer finished';
  return `TagMango answered ${status} but ${why}: ${MAYBE_REGISTERED}.`;
}
