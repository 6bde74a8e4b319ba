// Receiver code that must compile against the installed package's types.
import { createHandler, deliveryKey, events, examplePayload, identifyEvent, isEventName, nodeHandler, parsePayload, type EventName, type PayloadOf } from 'tagmango-hooks/events';

export function handle(body: unknown, named: string): string {
  const result = parsePayload('course.completed.100', body);
  if (!result.success) return result.error.issues.map((i) => i.message).join('; ');
  const p: PayloadOf<'course.completed.100'> = result.data;
  const id: string = p.courseId;
  const phone: number = p.phone;
  const order = examplePayload('order.created.completed');
  const amount: number = order.amountPayable;
  const first: EventName[] = identifyEvent(body);
  const reminder = parsePayload('webinar.reminder.15min', body);
  const dial: string = reminder.success ? reminder.data.phone : '';
  const zone: string | null = reminder.success ? reminder.data.timezone : null;
  const failed = parsePayload('order.created.failed', body);
  const fields: unknown[] | null = failed.success ? failed.data.customFields : null;
  const event = isEventName(named) ? named : 'course.completed.100';
  const scope: string | null = events[0]?.scopeKey ?? null;
  return `${id} ${phone} ${amount} ${first.length} ${scope} ${dial} ${zone} ${fields?.length} ${deliveryKey(event, p)}`;
}

// A handler whose onEvent is typed by the event it narrows to.
export const handler = createHandler({
  secret: 'consumer-secret-0123456789',
  onEvent: async (event, payload, delivery) => {
    if (event === 'course.completed.100') {
      const courseId: string = payload.courseId;
      return `${courseId} ${delivery.key}`;
    }
    if (event === 'order.created.completed') return payload.amountPayable.toFixed(2);
    return delivery.valid ? event : delivery.issues.map((i) => i.message).join('; ');
  },
  seen: { has: async (key: string) => key === '', add: async () => undefined },
});
export const listener: ReturnType<typeof nodeHandler> = nodeHandler({ secret: false, onEvent: () => undefined });
