// Receiver code that must NOT compile: the event name is misspelt.
import { parsePayload } from 'tagmango-hooks/events';

export function handle(body: unknown): boolean {
  return parsePayload('course.complete', body).success;
}
