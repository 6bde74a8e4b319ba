import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createReceiver, type ReceivedDelivery } from '../../src/listen/receiver.js';

const servers: http.Server[] = [];
const agent = new Agent();
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function start(server: http.Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('listen --forward-to', () => {
  it('forwards the query the delivery came with, so a receiver still sees ?event=', async () => {
    const seen: string[] = [];
    const target = await start(http.createServer((req, res) => {
      seen.push(req.url ?? '');
      req.resume().on('end', () => res.writeHead(200).end('{}'));
    }));
    const deliveries: ReceivedDelivery[] = [];
    const listener = await start(createReceiver({
      path: '/hook',
      forwardTo: `${target}/app?source=listen`,
      dispatcher: agent,
      now: () => new Date(0),
      onDelivery: (d) => deliveries.push(d),
      onStray: () => undefined,
    }).server);
    const answer = await fetch(`${listener}/hook?event=course.completed.100&tag=a&tag=b&source=tagmango`, { method: 'POST', body: '{}' });
    expect(answer.status).toBe(200);
    expect(seen).toEqual(['/app?source=listen&event=course.completed.100&tag=a&tag=b']);
    expect(deliveries[0]?.forward?.url).toBe(`${target}/app?source=listen&event=course.completed.100&tag=a&tag=b`);
  });
});
