import type { RecordedRequest } from './fake-tagmango.js';

/** `count` distinct 24-hex course ids, in order. */
export function courseIds(count: number, offset = 0): string[] {
  return Array.from({ length: count }, (_, i) => (offset + i).toString(16).padStart(24, '0'));
}

/** The course a registration request named. */
export function courseOf(request: RecordedRequest): string {
  return (request.json as { course: string }).course;
}
