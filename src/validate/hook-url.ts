import { quoteInput } from './quote.js';
import { UsageError } from '../errors.js';
import type { Warning } from '../io/io.js';
import { classifyHost } from './hosts.js';
import { checkHttpUrl } from './http-url.js';

export const MAX_HOOK_URL_LENGTH = 2048;

/** Context that changes what a hook URL may be. */
export interface HookUrlRules {
  /** --allow-private: accept hosts TagMango cannot reach. */
  allowPrivate: boolean;
  /** The API itself is on loopback (the sandbox): local hook URLs are fine and http is expected. */
  apiOnLoopback: boolean;
}

const FIX = 'Give an absolute https URL that TagMango can reach, such as https://hooks.example.com/tagmango.';

/** A hook URL as the registry keeps it (WHATWG URL serialisation); input that is no URL stays as typed, trimmed. */
export function normaliseHookUrl(raw: string): string {
  const text = raw.trim();
  return URL.canParse(text) ? new URL(text).href : text;
}

/** Check a hook URL and normalise it; returns warnings (plain http) alongside. */
export function parseHookUrl(raw: string, rules: HookUrlRules, where = ''): { hookUrl: string; warnings: Warning[] } {
  const label = `Hook URL${where}`;
  if (raw.trim() === '') throw new UsageError(`${label} is empty.`, FIX, 'INVALID_HOOK_URL');
  if (raw.length > MAX_HOOK_URL_LENGTH) {
    throw new UsageError(`${label} is longer than ${MAX_HOOK_URL_LENGTH} characters.`, 'Use a shorter URL.', 'INVALID_HOOK_URL');
  }
  if (/[\s\u0000-\u001f\u007f-\u009f]/.test(raw)) {
    throw new UsageError(`${label} ${quoteInput(raw)} contains white space or control characters.`, 'Percent-encode them (a space is %20).', 'INVALID_HOOK_URL');
  }
  const check = checkHttpUrl(raw);
  if (!check.ok) {
    // Stryker disable next-line all: WHATWG URL gives every http(s) URL a host, so no hook URL comes here without one.
    const what = check.problem === 'no-host' ? 'has no host' : 'is not an absolute URL';
    const sentence = check.problem === 'scheme' ? `${label} must use http or https, not "${check.scheme}".` : `${label} ${quoteInput(raw)} ${what}.`;
    throw new UsageError(sentence, FIX, 'INVALID_HOOK_URL');
  }
  const { url } = check;
  if (url.port === '0') {
    throw new UsageError(`${label} ${quoteInput(raw)} has port 0, which nothing can listen on.`, 'Leave the port out, or give the one the receiver listens on.', 'INVALID_HOOK_URL');
  }
  // Stryker disable next-line MethodExpression: an IPv6 address has no dot, so the labels check passes it either way.
  const ipv6 = url.hostname.startsWith('[');
  if (!ipv6 && url.hostname.replace(/\.$/, '').split('.').some((part) => part === '')) {
    throw new UsageError(`${label} ${quoteInput(raw)} has an empty label in its host name (two dots in a row, or a leading dot).`, FIX, 'INVALID_HOOK_URL');
  }
  if (url.username || url.password) {
    throw new UsageError(`${label} must not contain credentials (user:password@).`, 'Remove them; verify deliveries another way, such as a secret path segment.', 'INVALID_HOOK_URL');
  }
  const reach = classifyHost(url.hostname);
  if (reach !== 'public' && !rules.allowPrivate && !rules.apiOnLoopback) {
    throw new UsageError(
      `${label} points at ${reach === 'loopback' ? 'this machine' : 'a private or local address'} (${url.hostname}), which TagMango cannot reach.`,
      'Expose it with a public URL (for example a tunnel), or pass --allow-private if you know why.',
      'PRIVATE_HOOK_URL',
    );
  }
  const warnings: Warning[] = [];
  if (url.protocol === 'http:' && !rules.apiOnLoopback) {
    warnings.push({
      code: 'INSECURE_HOOK_URL',
      message: `${label} ${url.href} uses plain http: TagMango would send students' personal data unencrypted. Prefer https.`,
      hookUrl: url.href,
    });
  }
  return { hookUrl: url.href, warnings };
}
