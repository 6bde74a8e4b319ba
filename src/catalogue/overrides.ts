import type { z } from 'zod';
import { UsageError } from '../errors.js';
import { typeName } from './payloads.js';

/** Apply `--set key=value` pairs to a payload, typed by the schema (`phone=9` stays a number). */
export function applyOverrides(payload: Record<string, unknown>, pairs: readonly string[], schema: z.ZodObject): Record<string, unknown> {
  const result = { ...payload };
  const keys = Object.keys(schema.shape);
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      throw new UsageError(`--set "${pair}" is not key=value.`, `Example: --set email=someone@example.com. Keys: ${keys.join(', ')}.`, 'INVALID_SET');
    }
    const key = pair.slice(0, eq);
    const raw = pair.slice(eq + 1);
    const field = schema.shape[key] as z.ZodType | undefined;
    if (!field) {
      throw new UsageError(`--set ${key}: this payload has no field "${key}".`, `Valid keys: ${keys.join(', ')}. For a wholly custom body use --data <file>.`, 'INVALID_SET');
    }
    result[key] = typed(key, raw, field, payload[key]);
  }
  return result;
}

function typed(key: string, raw: string, field: z.ZodType, example: unknown): unknown {
  const candidates: unknown[] = [raw];
  if (raw.trim() !== '' && Number.isFinite(Number(raw))) candidates.unshift(Number(raw));
  if (raw === 'null') candidates.unshift(null);
  try {
    candidates.push(JSON.parse(raw));
  } catch {
    // not JSON: the plain string and number candidates remain
  }
  for (const value of candidates) if (field.safeParse(value).success) return value;
  const expected = typeName(field);
  throw new UsageError(`--set ${key}=${raw}: ${key} must be ${/^(array|object)/.test(expected) ? `JSON (${expected})` : `a ${expected}`}.`, `Example: --set ${key}=${typeof example === 'string' ? example : JSON.stringify(example ?? '...')}`, 'INVALID_SET');
}
