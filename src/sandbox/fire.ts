import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { findEvent } from '../catalogue/events.js';
import { examplePayload, setScopeId } from '../catalogue/payloads.js';
import { deliver } from '../delivery/deliver.js';
import type { SandboxRegistration } from './state.js';

/** The control path that makes a running sandbox deliver an event; never a TagMango path. */
export const FIRE_PATH = '/__sandbox/fire';
/** The control path that lists what a running sandbox holds. */
export const REGISTRATIONS_PATH = '/__sandbox/registrations';

/** A fire request: the event and the object it happened to (its id is put in the payload). */
export const fireRequestSchema = z.object({
  event: z.string(),
  scope: z.object({ key: z.string(), id: z.string() }).nullable(),
});

/** One delivery made by a fire. */
export const fireDeliverySchema = z.object({
  registrationId: z.string(),
  hookUrl: z.string(),
  status: z.number().nullable(),
  ok: z.boolean(),
  latencyMs: z.number(),
  excerpt: z.string(),
  reason: z.string().optional(),
});

/** What a fire did: the payload sent and each delivery. */
export const fireResultSchema = z.object({
  event: z.string(),
  scope: z.object({ key: z.string(), id: z.string() }).nullable(),
  payload: z.record(z.string(), z.unknown()),
  deliveries: z.array(fireDeliverySchema),
  notMatched: z.number(),
});

/** The result of one fire. */
export type FireResult = z.infer<typeof fireResultSchema>;

/** Whether a registration receives an event that happened to `scope` (unscoped ones get all). */
export function matches(registration: SandboxRegistration, event: string, scope: { key: string; id: string } | null): boolean {
  if (registration.event !== event) return false;
  if (registration.scope === null) return true;
  return scope !== null && registration.scope.key === scope.key && registration.scope.id === scope.id;
}

/** Deliver the event's example payload to every matching registration, all at once. */
export async function fire(
  request: z.infer<typeof fireRequestSchema>,
  registrations: readonly SandboxRegistration[],
  dispatcher: Dispatcher,
): Promise<FireResult | { error: string }> {
  const event = findEvent(request.event);
  if (!event) return { error: `Unknown event: ${request.event}` };
  const scope = request.scope ? { key: request.scope.key, id: request.scope.id.toLowerCase() } : null;
  if (scope && scope.key !== event.scopeKey) return { error: `${scope.key} does not apply to event ${event.name}` };
  const payload = examplePayload(event);
  if (scope) setScopeId(event, payload, scope.id);
  const body = JSON.stringify(payload);
  const targets = registrations.filter((r) => matches(r, event.name, scope));
  const deliveries = await Promise.all(
    targets.map(async (r) => {
      const result = await deliver({ url: r.hookUrl, body, dispatcher });
      return {
        registrationId: r._id,
        hookUrl: r.hookUrl,
        status: result.status,
        ok: result.ok,
        latencyMs: result.latencyMs,
        excerpt: result.excerpt,
        ...(result.reason ? { reason: result.reason } : {}),
      };
    }),
  );
  const sameEvent = registrations.filter((r) => r.event === event.name).length;
  return { event: event.name, scope, payload, deliveries, notMatched: sameEvent - targets.length };
}
