import { describe, expect, it } from 'vitest';
import { InOrder } from '../../src/registrations/in-order.js';

describe('InOrder', () => {
  it('passes items on in input order however they settle, each once, and lets go of each it passed on', () => {
    const items: Array<string | undefined> = ['a', 'b', 'c', 'd'];
    const out: string[] = [];
    const order = new InOrder(
      (position) => {
        const item = items[position] as string;
        items[position] = undefined;
        return item;
      },
      (item) => out.push(item),
    );
    order.settle(2);
    order.settle(1);
    expect(out).toEqual([]);
    order.settle(0);
    expect(out).toEqual(['a', 'b', 'c']);
    order.settle(1);
    order.settle(3);
    expect(out).toEqual(['a', 'b', 'c', 'd']);
    expect(items).toEqual([undefined, undefined, undefined, undefined]);
    expect(order.pending).toBe(4);
  });
});
