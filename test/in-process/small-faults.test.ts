import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseEnv } from '../helpers/cli.js';
import { perTestFakeAndHome } from '../helpers/per-test.js';
import { runCliInProcess } from '../helpers/in-process.js';

const KEY = 'tm_live_smallfaults_0123456789abcd';

const t = perTestFakeAndHome({ apiKey: KEY });

describe('smaller faults found by trying the tool', () => {
  it('an empty config.json is refused, named and left as it is (like an empty registry)', async () => {
    const config = path.join(t.home, 'config.json');
    fs.writeFileSync(config, '');
    const result = await runCliInProcess(['subscribe', 'https://hooks.example.com/tm', '--course', '634fc35ddaf58580e2418c40'], { env: baseEnv(t.home, { TAGMANGO_API_URL: t.fake.url }) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`The config file ${config} is empty, which is not valid JSON.`);
    expect(fs.readFileSync(config, 'utf8')).toBe('');
    expect(t.fake.requests).toEqual([]);
  });

  it('trigger honours --timeout: a receiver that trickles its answer is cut off at the limit', async () => {
    const timers = new Set<NodeJS.Timeout>();
    const receiver = http.createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/plain' });
      const timer = setInterval(() => res.write('.'), 50);
      timers.add(timer);
      res.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const to = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      const started = performance.now();
      const result = await runCliInProcess(['trigger', 'course.completed.100', '--to', to, '--timeout', '400'], { env: baseEnv(t.home) });
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/No complete answer within 0\.4 s \(the time limit\)/);
      // Well under TagMango's 30 s, which it waited before.
      expect(performance.now() - started).toBeLessThan(10_000);
    } finally {
      timers.forEach(clearInterval);
      receiver.closeAllConnections();
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  it.each([['http://127.0.0.1:4977/in'], ['http://localhost:4977/other'], ['http://[::1]:4977/in']])('listen --port 4977 --forward-to %s is refused (exit 2): it would forward to itself', async (target) => {
    const result = await runCliInProcess(['listen', '--port', '4977', '--forward-to', target], { env: baseEnv(t.home) });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/is this listener's own address: each delivery would be forwarded to itself/);
  });

  it('listen on a wildcard address refuses a loopback forward to its port; another port is fine to name', async () => {
    const result = await runCliInProcess(['listen', '--host', '0.0.0.0', '--port', '4978', '--forward-to', 'http://127.0.0.1:4978/in'], { env: baseEnv(t.home) });
    expect(result.code).toBe(2);
  });

  it('--json with no command is one usage-error document, exit 2', async () => {
    const result = await runCliInProcess(['--json'], { env: baseEnv(t.home) });
    expect(result.code).toBe(2);
    const document = JSON.parse(result.stdout);
    expect(document).toMatchObject({ ok: false, error: { code: 'MISSING_COMMAND', exitCode: 2 } });
  });
});
