import fs from 'node:fs';
import type { LookupFunction } from 'node:net';
import path from 'node:path';
import { Agent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TagMangoClient, type ClientOptions } from '../../src/tagmango/client.js';
import { tempHome } from '../helpers/cli.js';
import { startFakeTagMango, type FakeTagMango } from '../helpers/fake-tagmango.js';
import { runInProcess } from '../helpers/in-process.js';

const KEY = 'tm_in_process_key_0123456789abcdef';
const REGISTRATION = { hookUrl: 'https://hooks.example.com/tm', event: 'course.completed.100', scope: { key: 'course', id: 'a'.repeat(24) } };

let fake: FakeTagMango;
let agent: Agent;
let sleeps: number[];

beforeEach(async () => {
  fake = await startFakeTagMango({ apiKey: KEY });
  agent = new Agent();
  sleeps = [];
});
afterEach(async () => {
  await agent.close();
  await fake.close();
});

function client(overrides: Partial<ClientOptions> = {}): TagMangoClient {
  return new TagMangoClient({
    apiUrl: fake.url,
    apiKey: KEY,
    dispatcher: agent,
    timeoutMs: 2_000,
    retries: 3,
    userAgent: 'tagmango-hooks/test node/test',
    log: () => undefined,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    now: () => Date.parse('2026-01-01T00:00:00Z'),
    ...overrides,
  });
}

describe('TagMangoClient with injected sleep', () => {
  it('backs off 375, 750, 1500 ms (random 0.5) and gives up after 1 + 3 attempts', async () => {
    fake.reply(...Array.from({ length: 4 }, () => ({ status: 503, body: {} })));
    const outcome = await client().registerWebhook(REGISTRATION);
    expect(outcome).toMatchObject({ status: 'failed', attempts: 4 });
    expect(sleeps).toEqual([375, 750, 1500]);
    expect(fake.requests).toHaveLength(4);
  });

  it('waits what Retry-After says, in seconds or as an HTTP date', async () => {
    fake.reply(
      { status: 429, body: {}, headers: { 'retry-after': '2' } },
      { status: 503, body: {}, headers: { 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' } },
      { status: 201, body: { success: true, result: { _id: 'c'.repeat(24) } } },
    );
    const outcome = await client().registerWebhook(REGISTRATION);
    expect(outcome).toMatchObject({ status: 'created', attempts: 3, remoteId: 'c'.repeat(24) });
    expect(sleeps).toEqual([2000, 7000]);
  });

  it('does not retry a reset after sending, and reports it as unknown', async () => {
    fake.reply({ reset: true });
    const outcome = await client().registerWebhook(REGISTRATION);
    expect(outcome).toMatchObject({ status: 'unknown', attempts: 1 });
    expect(sleeps).toEqual([]);
  });

  it('stops retrying once the run is interrupted during a wait', async () => {
    // One reply: a second attempt would be a request the fake was not told to expect.
    fake.reply({ status: 503, body: {} });
    const controller = new AbortController();
    const outcome = await client({
      signal: controller.signal,
      sleep: async () => {
        controller.abort();
        throw new Error('aborted');
      },
    }).registerWebhook(REGISTRATION);
    expect(outcome).toMatchObject({ status: 'failed', attempts: 1 });
    expect(fake.requests).toHaveLength(1);
  });

  it('sends exactly the documented request, below a path prefix of the API URL', async () => {
    fake.expect(1);
    const outcome = await client({ apiUrl: `${fake.url}/prefix` }).registerWebhook(REGISTRATION);
    expect(outcome.status).toBe('failed'); // the fake only answers the unprefixed path
    const [request] = fake.requests;
    expect(request?.url).toBe('/prefix/api/v1/integration/webhook/webhook');
    expect(request?.method).toBe('POST');
    expect(request?.headers).toMatchObject({ 'x-api-key': KEY, 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'tagmango-hooks/test node/test' });
    expect(request?.json).toEqual({ hookUrl: REGISTRATION.hookUrl, event: REGISTRATION.event, course: 'a'.repeat(24) });
  });
});

describe('DNS failure, injected through the connector lookup', () => {
  it('is retried as never sent, then reported as a DNS failure; nothing is registered', async () => {
    const looked: string[] = [];
    const failingDns = new Agent({
      connect: {
        lookup: ((hostname, _options, callback) => {
          looked.push(hostname);
          const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
          error.code = 'ENOTFOUND';
          callback(error, '', 4);
        }) satisfies LookupFunction,
      },
    });
    const home = tempHome();
    try {
      const result = await runInProcess(['subscribe', 'https://hooks.example.com/tm', '--course', 'a'.repeat(24)], {
        env: { TAGMANGO_HOOKS_HOME: home, TAGMANGO_API_KEY: KEY, TAGMANGO_API_URL: 'http://tagmango.invalid' },
        dispatcher: failingDns,
      });
      expect(result.code).toBe(1);
      expect(looked).toEqual(Array.from({ length: 4 }, () => 'tagmango.invalid'));
      expect(result.sleeps).toEqual([375, 750, 1500]);
      expect(result.stderr).toContain('Could not resolve tagmango.invalid (DNS failure). Nothing was registered. Gave up after 4 attempts.');
      const registry = JSON.parse(fs.readFileSync(path.join(home, 'subscriptions.json'), 'utf8'));
      expect(registry.subscriptions).toEqual([]);
    } finally {
      await failingDns.close();
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
