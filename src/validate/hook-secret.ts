import { UsageError } from '../errors.js';

/** The environment variable that fills a hook URL's `{secret}`. */
export const HOOK_SECRET_ENV = 'TAGMANGO_HOOK_SECRET';

/** The shortest secret accepted: shorter ones can be guessed. */
export const MIN_HOOK_SECRET = 16;

/** `{secret}` as written, in a query, or percent-encoded as a URL path keeps it. */
const SECRET_PLACEHOLDER = /\{secret\}|%7Bsecret%7D/gi;

/** Whether a hook URL (as stored: the placeholder unfilled) needs the secret. */
export function holdsSecret(url: string): boolean {
  return new RegExp(SECRET_PLACEHOLDER.source, 'i').test(url);
}

/** The URL as sent: `{secret}` filled, URL-encoded. Only the request carries it; the registry and output keep the placeholder. */
export function fillSecret(url: string, secret: string): string {
  return url.replace(SECRET_PLACEHOLDER, () => encodeURIComponent(secret));
}

/** The secret from the environment, or a usage error (exit 2) naming what to do when it is missing or short. */
export function readHookSecret(env: Record<string, string | undefined>): string {
  const secret = env[HOOK_SECRET_ENV];
  if (secret === undefined || secret === '') {
    throw new UsageError(
      `The hook URL holds {secret}, but ${HOOK_SECRET_ENV} is not set.`,
      `Set it to a long random value, such as: export ${HOOK_SECRET_ENV}="$(openssl rand -hex 32)"`,
      'HOOK_SECRET_MISSING',
    );
  }
  if (secret.length < MIN_HOOK_SECRET || /[\s\u0000-\u001f\u007f]/.test(secret)) {
    throw new UsageError(
      `${HOOK_SECRET_ENV} must be at least ${MIN_HOOK_SECRET} characters without white space or control characters (it has ${secret.length}).`,
      `Make one with: openssl rand -hex 32`,
      'HOOK_SECRET_WEAK',
    );
  }
  return secret;
}
