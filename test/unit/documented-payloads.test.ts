import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENTS } from '../../src/catalogue/events.js';
import { identifyEvent, isEventName, parsePayload } from '../../src/events.js';
import { createReceiver, type ReceivedDelivery } from '../../src/listen/receiver.js';

// TagMango's own example payload of every documented event, transcribed from its pages.
const folder = new URL('../fixtures/payloads/', import.meta.url);
interface Fixture {
  event: string;
  page: string;
  note?: string;
  body: Record<string, unknown>;
}
const fixtures: Fixture[] = fs
  .readdirSync(folder)
  .filter((file) => file.endsWith('.json'))
  .map((file) => JSON.parse(fs.readFileSync(new URL(file, folder), 'utf8')) as Fixture);
const cases = fixtures.map((f) => [f.event, f] as const);

function eventName(name: string) {
  if (!isEventName(name)) throw new Error(`${name} is not in the catalogue`);
  return name;
}

describe("TagMango's documented example payloads", () => {
  it('exist for every catalogue event, one file each, each naming its TagMango page', () => {
    expect(fixtures.map((f) => f.event).sort()).toEqual(EVENTS.map((e) => e.name).sort());
    for (const f of fixtures) expect(f.page, f.event).toMatch(/^https:\/\/docs\.tagmango\.com\//);
  });

  it.each(cases)('%s parses with parsePayload, keeping every key', (name, f) => {
    const result = parsePayload(eventName(name), f.body);
    expect(result.error?.message).toBeUndefined();
    expect(result.data).toEqual(f.body);
  });

  it.each(cases)('%s is identified as its event', (name, f) => {
    expect(identifyEvent(f.body)).toContain(name);
  });

  it('tells a webinar reminder from a completion although a reminder holds every completion field', () => {
    const reminder = fixtures.find((f) => f.event === 'webinar.reminder.15min')!.body;
    const completion = fixtures.find((f) => f.event === 'webinar.completed.all')!.body;
    expect(identifyEvent(reminder)).toEqual(['webinar.reminder.all', 'webinar.reminder.1day', 'webinar.reminder.15min']);
    expect(identifyEvent(completion)).toEqual(['webinar.completed.all']);
  });

  it("keeps a recurring order's custom fields, which arrive as extra top-level keys", () => {
    const body = { ...fixtures.find((f) => f.event === 'order.recurring.created')!.body, 'T-shirt size': 'M', gstNumber: null };
    const result = parsePayload('order.recurring.created', body);
    expect(result.success).toBe(true);
    expect(result.data).toMatchObject({ 'T-shirt size': 'M', gstNumber: null });
  });

  it('still refuses a documented field of the wrong type: a reminder phone is a string, an order phone a number', () => {
    const reminder = fixtures.find((f) => f.event === 'webinar.reminder.15min')!.body;
    expect(parsePayload('webinar.reminder.15min', { ...reminder, phone: 1234567890 }).error?.message).toBe('"phone" should be text, not a number');
    const failed = fixtures.find((f) => f.event === 'order.created.failed')!.body;
    expect(parsePayload('order.created.failed', { ...failed, phone: '1234567890' }).error?.message).toBe('"phone" should be a number, not text');
  });

  describe('as listen receives them', () => {
    const deliveries: ReceivedDelivery[] = [];
    let server: http.Server;
    let url: string;
    beforeAll(async () => {
      ({ server } = createReceiver({ path: '/hook', dispatcher: new Agent(), now: () => new Date(0), onDelivery: (d) => deliveries.push(d), onStray: () => undefined }));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));

    it('validates every example and names its event', async () => {
      for (const f of fixtures) {
        const answer = await fetch(`${url}?event=${f.event}`, { method: 'POST', body: JSON.stringify(f.body) });
        expect(answer.status).toBe(200);
      }
      expect(deliveries).toHaveLength(fixtures.length);
      for (const [i, d] of deliveries.entries()) {
        const f = fixtures[i]!;
        expect({ event: f.event, valid: d.verdict.valid, issues: d.verdict.issues }).toEqual({ event: f.event, valid: true, issues: [] });
        expect(d.verdict.events).toContain(f.event);
      }
    });
  });
});
