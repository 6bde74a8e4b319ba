import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MappedList, prettyJsonChunks } from '../../src/io/json-output.js';

function render(value: unknown, piece: (text: string) => string = (t) => t): { text: string; chunks: string[] } {
  const chunks = [...prettyJsonChunks(value, piece)];
  return { text: chunks.join(''), chunks };
}

describe('prettyJsonChunks', () => {
  it.each([
    ['a document with records', { ok: true, subscriptions: [{ id: 'wh_1', scope: { key: 'course', id: 'x' }, response: { result: [1, 'two\nlines', null] } }], warnings: [] }],
    ['empty containers and nulls', { a: [], b: {}, c: null, d: [[], [{}]], e: '' }],
    ['undefined and functions left out of objects, null in arrays', { a: undefined, b: () => 1, c: [undefined, () => 1, 3] }],
    ['dates and other toJSON values', { at: new Date(0), list: [new Date(1)] }],
    ['a bare array', [1, { a: [2, 3] }, 'x']],
    ['a primitive', 'just text'],
  ])('writes %s exactly as JSON.stringify(value, null, 2)', (_, value) => {
    expect(render(value).text).toBe(JSON.stringify(value, null, 2));
  });

  it('matches JSON.stringify for any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => render(value).text === JSON.stringify(value, null, 2)));
  });

  it('writes a large document in chunks of about 64 KB and hands each record whole to the masker', () => {
    const secret = 'tm_live_SECRET0123456789';
    const records = Array.from({ length: 5000 }, (_, i) => ({ id: `wh_${i}`, note: `key ${secret} in answer ${i}` }));
    const { text, chunks } = render({ records }, (t) => t.split(secret).join('****6789'));
    expect(chunks.length).toBeGreaterThan(3);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(70 * 1024);
    expect(text).not.toContain(secret);
    expect(JSON.parse(text).records[4999].note).toBe('key ****6789 in answer 4999');
  });

  it('writes a mapped list as the array of its mapped items, making each item only when it is reached', () => {
    const items = Array.from({ length: 5000 }, (_, i) => ({ id: `wh_${i}`, note: 'x'.repeat(40) }));
    let made = 0;
    const list = new MappedList(items, (item) => {
      made++;
      return { ...item, deprecated: false };
    });
    const chunks = prettyJsonChunks({ ok: true, subscriptions: list }, (t) => t);
    chunks.next();
    expect(made).toBeLessThan(items.length / 4);
    const text = [...chunks].join('');
    expect(made).toBe(items.length);
    const whole = { ok: true, subscriptions: items.map((item) => ({ ...item, deprecated: false })) };
    expect(render({ ok: true, subscriptions: new MappedList(items, (item) => ({ ...item, deprecated: false })) }).text).toBe(JSON.stringify(whole, null, 2));
    expect(JSON.stringify({ ok: true, subscriptions: list })).toBe(JSON.stringify(whole));
    expect(text.length).toBeGreaterThan(0);
  });
});
