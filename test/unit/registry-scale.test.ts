import { describe, expect, it } from 'vitest';
import { answerExcerpt, EXCERPT_CHARS } from '../../src/registrations/answer-excerpt.js';
import { REGISTRY_VERSION } from '../../src/registry/format.js';
import { recordSchema, registryChunks, serializeRegistry, type RegistryRecord } from '../../src/registry/schema.js';

const STAMP = '2026-01-01T00:00:00.000Z';

function record(n: number, extra: Partial<RegistryRecord> = {}): RegistryRecord {
  return {
    // Keys out of schema order on purpose: the file orders them.
    status: 'active',
    id: `wh_${n.toString(36).padStart(8, '0')}`,
    apiUrl: 'https://api.example.com',
    profile: 'default',
    event: 'course.completed.100',
    hookUrl: 'https://hooks.example.com/x',
    scope: { key: 'course', id: n.toString(16).padStart(24, '0') },
    createdAt: STAMP,
    updatedAt: STAMP,
    ...extra,
  } as RegistryRecord;
}

describe('what a record keeps of TagMango\'s answer', () => {
  it('keeps the envelope\'s scalar fields and drops the echo of the request', () => {
    const answer = { message: 'Webhook created', success: true, result: { _id: 'abc', hookUrl: 'https://h/x', course: 'c' }, code: 201, statusMessage: 'Created' };
    expect(answerExcerpt(answer, (t) => t)).toEqual({ message: 'Webhook created', success: true, code: 201, statusMessage: 'Created' });
  });

  it('cuts long strings, masks secrets and escapes control characters', () => {
    const kept = answerExcerpt({ message: `SECRET \u001b[31m${'x'.repeat(500)}` }, (t) => t.replaceAll('SECRET', '****')) as { message: string };
    expect(kept.message.startsWith('**** \\u001b[31m')).toBe(true);
    expect(kept.message).not.toContain('SECRET');
    expect(kept.message.length).toBeLessThanOrEqual(EXCERPT_CHARS + 20);
  });

  it('keeps a body that is not an object as a capped excerpt', () => {
    expect(answerExcerpt('y'.repeat(1000), (t) => t)).toBe(`${'y'.repeat(EXCERPT_CHARS)}…`);
    expect(answerExcerpt(undefined, (t) => t)).toBeUndefined();
  });
});

describe('the registry file written in chunks', () => {
  it.each([0, 1, 3, 100, 101, 400])('is byte for byte the pretty JSON of the whole document (%i records)', (count) => {
    const extras: Partial<RegistryRecord>[] = [
      {},
      { remoteId: 'r1', response: { message: 'ok\nfine "quoted" \u2028', success: true } },
      { scope: null, note: 'a\tb', external: true, response: { nested: [1, { a: null, b: [] }], empty: {} } },
      { status: 'pending', owner: { host: 'ci-1', pid: 42, start: '123', nonce: 'abcdef01', heartbeat: STAMP, ns: '4026531836' } },
      { hookUrlTemplate: 'https://hooks.example.com/{course}', migratedFrom: 'wh_00000003', response: 'plain text', duplicateOf: 'wh_00000004' },
    ];
    // Every third record has its keys in schema order, as records read from the file do; the others are out of order.
    const subscriptions = Array.from({ length: count }, (_, i) => {
      const made = record(i, extras[i % extras.length]);
      return i % 3 ? made : (Object.fromEntries(Object.keys(recordSchema.shape).filter((k) => k in made).map((k) => [k, made[k as keyof RegistryRecord]])) as RegistryRecord);
    });
    const chunks = [...registryChunks({ version: REGISTRY_VERSION, subscriptions })];
    const keys = Object.keys(recordSchema.shape);
    const ordered = subscriptions.map((r) => Object.fromEntries(keys.filter((k) => k in r).map((k) => [k, r[k as keyof RegistryRecord]])));
    expect(chunks.join('')).toBe(JSON.stringify({ version: REGISTRY_VERSION, subscriptions: ordered }, null, 2) + '\n');
    expect(serializeRegistry({ version: REGISTRY_VERSION, subscriptions })).toBe(chunks.join(''));
    if (count === 400) expect(chunks.length).toBeGreaterThan(1);
  });
});

describe('a record read from the file is kept as parsed', () => {
  it('passes the record schema unchanged: no field added, dropped or transformed (the store keeps the parsed record, not zod\'s copy)', () => {
    const full = record(1, {
      hookUrlTemplate: 'https://hooks.example.com/{course}',
      owner: { host: 'ci-1', pid: 42, start: '123', nonce: 'abcdef01', heartbeat: STAMP, ns: '4026531836' },
      remoteId: 'abc',
      response: { message: 'Webhook created', nested: [1, { a: null }] },
      note: 'settled by hand',
      migratedTo: 'wh_00000002',
      migratedFrom: 'wh_00000003',
      duplicateOf: 'wh_00000004',
      external: true,
    });
    const parsed = recordSchema.parse(structuredClone(full));
    expect(parsed).toStrictEqual(full);
    expect(Object.keys(parsed).sort()).toEqual(Object.keys(full).sort());
    expect(recordSchema.parse(record(2, { scope: null }))).toStrictEqual(record(2, { scope: null }));
  });
});
