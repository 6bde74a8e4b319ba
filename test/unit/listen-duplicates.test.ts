import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { examplePayloadOf } from '../../src/catalogue/receive.js';
import { createReceiver, type ReceivedDelivery } from '../../src/listen/receiver.js';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function listener(deliveries: ReceivedDelivery[]): Promise<string> {
  const { server } = createReceiver({ path: '/hook', dispatcher: new Agent(), now: () => new Date(0), onDelivery: (d) => deliveries.push(d), onStray: () => undefined });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}

describe('listen duplicates', () => {
  it('follow deliveryKey when the URL names the event: another milestone is new, the migration overlap is a duplicate', async () => {
    const deliveries: ReceivedDelivery[] = [];
    const url = await listener(deliveries);
    const body = JSON.stringify(examplePayloadOf('course.completed.100'));
    for (const event of ['course.completed.50', 'course.completed.100', 'course.completed']) {
      const answer = await fetch(`${url}?event=${event}`, { method: 'POST', body });
      expect(answer.status).toBe(200);
    }
    expect(deliveries.map((d) => [d.urlEvent, d.duplicate, d.seen])).toEqual([
      ['course.completed.50', false, 1],
      ['course.completed.100', false, 1],
      ['course.completed', true, 2],
    ]);
  });

  it('compare the bodies when the URL names no event', async () => {
    const deliveries: ReceivedDelivery[] = [];
    const url = await listener(deliveries);
    for (const body of ['{"a":1}', '{"a":1}', 'not json']) await fetch(url, { method: 'POST', body });
    expect(deliveries.map((d) => d.duplicate)).toEqual([false, true, false]);
  });
});
