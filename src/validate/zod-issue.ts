import type { z } from 'zod';

/** Where an issue points, as a reader names it: `"email"`, `"user.email"`, `"items[2].id"`, or `the body` at the top. */
export function fieldName(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'the body';
  const joined = path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i > 0 ? '.' : ''}${String(key)}`)).join('');
  return `"${joined}"`;
}

/** The value at a path of `root`, or undefined where it is absent. */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** What a JSON value is, in a word: `a string`, `a number`, `null`, `a list`, `an object`. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'string' ? 'text' : `a ${typeof value}`;
}

const KINDS: Record<string, string> = { string: 'text', number: 'a number', boolean: 'true or false', object: 'an object', array: 'a list', int: 'a whole number' };

/**
 * One zod issue as one plain sentence about one field, for a person rather than a parser:
 * `"name" is missing`, `"courseId" should be text, not a number`, `"x" is not a known field`.
 * `root` is the value that was checked (to tell a missing field from a wrong one).
 */
export function plainIssue(issue: z.core.$ZodIssue, root: unknown): string {
  const field = fieldName(issue.path);
  const value = valueAt(root, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return `${field} is missing`;
      return `${field} should be ${KINDS[issue.expected] ?? issue.expected}, not ${kindOf(value)}`;
    case 'unrecognized_keys': {
      const names = issue.keys.map((k) => `"${[...issue.path.map(String), k].join('.')}"`);
      return `${names.join(', ')} ${names.length === 1 ? 'is not a known field' : 'are not known fields'}`;
    }
    case 'invalid_format':
      return `${field} is not a valid ${issue.format === 'regex' ? 'value' : issue.format}`;
    case 'too_small':
      return `${field} is too ${issue.origin === 'string' ? 'short' : 'small'} (at least ${String(issue.minimum)})`;
    case 'too_big':
      return `${field} is too ${issue.origin === 'string' ? 'long' : 'big'} (at most ${String(issue.maximum)})`;
    case 'invalid_value':
      return `${field} should be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
    default:
      return `${field} is not valid`;
  }
}

/** Every issue of a failed parse, one sentence each, joined with "; ". */
export function plainIssues(issues: readonly z.core.$ZodIssue[], root: unknown): string {
  return issues.map((issue) => plainIssue(issue, root)).join('; ');
}
