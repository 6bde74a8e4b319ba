import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import type { Registration } from '../tagmango/registration.js';

/** Read registrations from a JSON, JSON lines or CSV file (issue: registry). */
export async function readRegistrationsFile(
  _path: string,
  _ctx: Context,
  _rules: { allowPrivate: boolean; apiOnLoopback: boolean; allowUnknownEvent: boolean },
): Promise<Registration[]> {
  throw new UsageError('--from-file is not available yet.', undefined, 'NOT_IMPLEMENTED');
}
