import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { TagMangoClient } from '../../src/tagmango/client.js';
import { tempHome } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';

const KEY = 'tm_hostile_key_0123456789abcdef';
const REGISTRATION = { hookUrl: 'https://hooks.example.com/tm', event: 'course.completed.100', scope: null };

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A raw TCP server that calls `answer` with the socket once a whole request has arrived. */
async function rawHttp(answer: (socket: net.Socket) => void): Promise<string> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    let seen = '';
    let answered = false;
    socket.on('data', (data) => {
      seen += data.toString('latin1');
      const end = seen.indexOf('\r\n\r\n');
      const length = Number(/content-length: *(\d+)/i.exec(seen)?.[1] ?? 0);
      if (answered || end < 0 || seen.length - end - 4 < length) return;
      answered = true;
      answer(socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => {
    for (const socket of sockets) socket.destroy();
    server.close(() => resolve());
  }));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function client(apiUrl: string, timeoutMs: number): TagMangoClient {
  const agent = new Agent({ connect: { timeout: timeoutMs } });
  cleanups.push(() => agent.destroy());
  return new TagMangoClient({
    apiUrl,
    apiKey: KEY,
    dispatcher: agent,
    timeoutMs,
    retries: 3,
    userAgent: 'tagmango-hooks/test node/test',
    log: () => undefined,
    sleep: async () => undefined,
    random: () => 0.5,
  });
}

describe('an answer that never gets past its informational lines', () => {
  it('a 102 Processing every 50 ms cannot outrun --timeout: the attempt ends as unknown, sent once', async () => {
    let requests = 0;
    const apiUrl = await rawHttp((socket) => {
      requests += 1;
      const timer = setInterval(() => socket.write('HTTP/1.1 102 Processing\r\n\r\n'), 50);
      socket.on('close', () => clearInterval(timer));
    });
    const started = performance.now();
    const outcome = await client(apiUrl, 600).registerWebhook(REGISTRATION);
    expect(outcome.status).toBe('unknown');
    expect(outcome.attempts).toBe(1);
    expect(requests).toBe(1);
    expect(performance.now() - started).toBeLessThan(3_000);
  }, 10_000);
});

describe('bidirectional overrides in an answer', () => {
  // U+202E and U+2066 reorder what a terminal shows; like control characters they are written as \uXXXX.
  const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

  it.each([[[]], [['-v']], [['--json']]])('never reach stdout or stderr raw (%j)', async (mode: string[]) => {
    const apiUrl = await rawHttp((socket) => {
      const body = Buffer.from(JSON.stringify({ success: false, message: 'fix \u202Efdp.exe\u202C and \u2066this\u2069 \u200f' }));
      socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`), body]));
    });
    const result = await runInProcess(['subscribe', 'https://hooks.example.com/tm', '--api-url', apiUrl, ...mode], {
      env: { TAGMANGO_HOOKS_HOME: tempHome(), TAGMANGO_API_KEY: KEY },
    });
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain('\\u202e');
    expect(result.stdout).not.toMatch(BIDI);
    expect(result.stderr).not.toMatch(BIDI);
  });
});

describe('outside bytes in an error the run throws', () => {
  const RAW = /[\u007f-\u009f\u202a-\u202e]/;

  it.each([[['--json']], [['--verbose']], [['--json', '--verbose']]])('are escaped on stdout and stderr (%j)', async (mode: string[]) => {
    const result = await runInProcess(['trigger', 'course.completed.100', '--to', 'http://127.0.0.1:9/x', '--data', 'missing-\u009b2J-\u202efdp.json', ...mode], {
      env: { TAGMANGO_HOOKS_HOME: tempHome() },
    });
    expect(result.code).toBe(2);
    expect(result.stdout + result.stderr).toContain('\\u009b2J');
    expect(result.stdout).not.toMatch(RAW);
    expect(result.stderr).not.toMatch(RAW);
  });
});

describe('a 2xx whose envelope says success: false in an odd form', () => {
  it.each([
    ['behind a byte order mark', '\ufeff{"success":false,"message":"Invalid hook URL"}'],
    ['as the string "false"', '{"success":"false","message":"Invalid hook URL"}'],
    ['next to a field of an unexpected type', '{"success":false,"code":"E_HOOK","message":"Invalid hook URL"}'],
  ])('%s is failed, with its message', async (_name, text) => {
    const apiUrl = await rawHttp((socket) => {
      const body = Buffer.from(text);
      socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`), body]));
    });
    const outcome = await client(apiUrl, 2_000).registerWebhook(REGISTRATION);
    expect(outcome.status).toBe('failed');
    expect(outcome.status !== 'created' && outcome.error.message).toContain('Invalid hook URL');
  });
});
