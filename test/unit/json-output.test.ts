import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExtendedList, prettyJsonChunks } from '../../src/io/json-output.js';

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

  it('writes an extended list exactly as JSON.stringify writes its extended copies, asking for each item\'s fields only when it is reached', () => {
    const items = Array.from({ length: 5000 }, (_, i) => ({ id: `wh_${i}`, scope: { key: 'course', id: `${i}` }, note: 'x'.repeat(40) }));
    let asked = 0;
    const extra = (item: { id: string }): Record<string, unknown> => {
      asked++;
      return { deprecated: item.id.endsWith('7'), nested: { a: [1] } };
    };
    const chunks = prettyJsonChunks({ ok: true, subscriptions: new ExtendedList(items, extra) }, (t) => t);
    chunks.next();
    expect(asked).toBeLessThan(items.length / 4);
    const text = [...chunks].join('');
    expect(asked).toBeGreaterThanOrEqual(items.length);
    const whole = { ok: true, subscriptions: items.map((item) => ({ ...item, ...extra(item) })) };
    expect(render({ ok: true, subscriptions: new ExtendedList(items, extra) }).text).toBe(JSON.stringify(whole, null, 2));
    expect(JSON.stringify({ ok: true, subscriptions: new ExtendedList(items, extra) })).toBe(JSON.stringify(whole));
    expect(text.length).toBeGreaterThan(0);
  });

  it('writes any extended list as JSON.stringify writes its extended copies (fields it already has, empty items, undefined values)', () => {
    const item = fc.dictionary(fc.string(), fc.jsonValue());
    const extra = fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), fc.constant(undefined)));
    fc.assert(
      fc.property(fc.array(item), extra, (items, fields) => {
        const list = new ExtendedList(items, () => fields);
        const copies = items.map((i) => ({ ...i, ...fields }));
        return render({ list }).text === JSON.stringify({ list: copies }, null, 2);
      }),
    );
  });
});
