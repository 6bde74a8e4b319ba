// Receiver code that must NOT compile: the payload has no such field.
import { parsePayload } from 'tagmango-hooks/events';

export function handle(body: unknown): unknown {
  const result = parsePayload('course.completed.100', body);
  if (!result.success) return undefined;
  const p = result.data;
  return p.noSuchField;
}
