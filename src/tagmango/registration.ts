/** A registration's scope: one object it is narrowed to, or null for "all". */
export interface Scope {
  key: string;
  id: string;
}

/** What one registration asks TagMango for. */
export interface Registration {
  hookUrl: string;
  event: string;
  scope: Scope | null;
  /** The hook URL as given, when it held placeholders (`{event}`, `{course}`, ...); hookUrl is its expansion. */
  hookUrlTemplate?: string;
}

/** The documented registration path. */
export const REGISTER_PATH = '/api/v1/integration/webhook/webhook';

/** The registration endpoint below an API base, keeping any path prefix the base has. */
export function registerUrl(apiUrl: string): URL {
  return new URL(apiUrl.replace(/\/+$/, '') + REGISTER_PATH);
}

/** The exact body TagMango expects: hookUrl, event and at most one scope key. */
export function registrationBody(registration: Registration): Record<string, string> {
  const body: Record<string, string> = { hookUrl: registration.hookUrl, event: registration.event };
  if (registration.scope) body[registration.scope.key] = registration.scope.id;
  return body;
}

/** A short human label for a scope, such as `course 634f…` or `all`. */
export function describeScope(scope: Scope | null): string {
  return scope ? `${scope.key} ${scope.id}` : 'all';
}
