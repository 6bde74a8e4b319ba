import { SCOPE_KEYS, findEvent } from '../catalogue/events.js';
import { UsageError } from '../errors.js';
import type { Warning } from '../io/io.js';
import type { Registration, Scope } from '../tagmango/registration.js';
import { parseHookUrl, type HookUrlRules } from './hook-url.js';
import { quoteInput } from './quote.js';

/** The placeholders a hook URL may hold, each filled per registration. */
export const PLACEHOLDERS = ['event', ...SCOPE_KEYS, 'secret'] as const;

const PLACEHOLDER = /\{([^{}]*)\}/g;
const LIST = PLACEHOLDERS.map((p) => `{${p}}`).join(', ');

/** Whether a hook URL is a template (holds at least one `{...}`). */
export function isHookUrlTemplate(raw: string): boolean {
  return new RegExp(PLACEHOLDER.source).test(raw);
}

/** The fix for a scope placeholder a registration cannot fill: `scopeKey` is the event's (null: account-wide; undefined: not catalogued). */
export type AbsentHint = (name: string, event: string, scopeKey: string | null | undefined) => string;

/** The fix in terms of command-line options; `give` says how to supply an id (default: the option). */
export function flagHint(name: string, event: string, scopeKey: string | null | undefined, give = `Give --${name} <id> (one registration per id)`): string {
  if (scopeKey === null) return `${event} covers the whole account and takes no id: remove {${name}} from the URL.`;
  if (scopeKey !== undefined && scopeKey !== name) return `${event} is scoped by ${scopeKey}, not ${name}: use {${scopeKey}} (one registration per ${scopeKey} id), or remove {${name}} from the URL.`;
  return `${give}, or remove {${name}} from the URL.`;
}

/**
 * Fill a template's placeholders for one registration, URL-encoded: `{event}` with the event,
 * `{course}` (and the other scope keys) with the registration's id for that key; `{secret}` stays
 * (it is filled when sent, from TAGMANGO_HOOK_SECRET). An unknown
 * placeholder, one whose scope the registration lacks, or one in the fragment is a usage error.
 */
export function expandHookUrl(
  template: string,
  registration: { event: string; scope: Scope | null },
  where = '',
  absentHint: AbsentHint = flagHint,
): string {
  const hash = template.indexOf('#');
  if (hash >= 0 && isHookUrlTemplate(template.slice(hash))) {
    throw new UsageError(
      `Hook URL${where} has a placeholder after "#", in the fragment, which is never sent to the receiver.`,
      'Put it in the path or the query instead, such as ?event={event}.',
      'INVALID_PLACEHOLDER',
    );
  }
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    if (name === 'event') return encodeURIComponent(registration.event);
    // Filled only in the request (hook-secret.ts): what is stored and shown keeps the placeholder.
    if (name === 'secret') return whole;
    if (!(SCOPE_KEYS as readonly string[]).includes(name)) {
      throw new UsageError(`Hook URL${where} has an unknown placeholder ${quoteInput(whole)}.`, `Placeholders: ${LIST}. Write a literal brace as %7B or %7D.`, 'INVALID_PLACEHOLDER');
    }
    if (registration.scope?.key !== name) {
      throw new UsageError(
        `Hook URL${where} uses {${name}}, but the ${registration.event} registration has no ${name} id to fill it with.`,
        registration.scope
          ? `This registration is scoped by ${registration.scope.key}: use {${registration.scope.key}}.`
          : absentHint(name, registration.event, findEvent(registration.event)?.scopeKey),
        'INVALID_PLACEHOLDER',
      );
    }
    return encodeURIComponent(registration.scope.id);
  });
}

/**
 * The registrations for one hook URL (template or not), one per scope, each URL expanded and
 * checked (for a deprecated event, also as migrate will expand it for the successor); a template
 * is kept beside the expanded URL. Warnings (plain http) come once.
 */
export function registrationsFor(
  rawUrl: string,
  event: string,
  scopes: readonly (Scope | null)[],
  rules: HookUrlRules,
  where = '',
  absentHint?: AbsentHint,
): { items: Registration[]; warnings: Warning[] } {
  const template = isHookUrlTemplate(rawUrl) ? rawUrl.trim() : undefined;
  const info = findEvent(event);
  const successor = info?.status === 'deprecated' ? info.successor : null;
  let warnings: Warning[] | undefined;
  const items = scopes.map((scope) => {
    const parsed = parseHookUrl(template ? expandHookUrl(template, { event, scope }, where, absentHint) : rawUrl, rules, where);
    // migrate expands the template again for the successor: refuse now what it could not register then.
    if (template && successor) parseHookUrl(expandHookUrl(template, { event: successor, scope }, where, absentHint), rules, `${where} for ${successor} (what migrate registers)`);
    warnings ??= parsed.warnings;
    return { hookUrl: parsed.hookUrl, event, scope, ...(template ? { hookUrlTemplate: template } : {}) };
  });
  return { items, warnings: warnings ?? [] };
}
