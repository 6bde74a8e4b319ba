import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { baseEnv } from '../helpers/cli.js';
import { startForwardProxy, type ForwardProxy } from '../helpers/forward-proxy.js';
import { perTestFakeAndHome } from '../helpers/per-test.js';
import { runCliInProcess } from '../helpers/in-process.js';

const KEY = 'tm_proxy_key_0123456789abcdef';
const HOOK = 'https://hooks.example.com/tm';
const ID = '634fc35ddaf58580e2418c40';
const REGISTER = '/api/v1/integration/webhook/webhook';

const t = perTestFakeAndHome({ apiKey: KEY });
let proxy: ForwardProxy;

beforeEach(async () => {
  // Only the proxy knows tagmango.test: a request that bypassed it would need real DNS and fail.
  proxy = await startForwardProxy({ 'tagmango.test': t.fake.url });
});
afterEach(() => proxy.close());

const subscribe = (env: Record<string, string>) =>
  runCliInProcess(['subscribe', HOOK, '--course', ID, '--retries', '0'], { env: baseEnv(t.home, { TAGMANGO_API_KEY: KEY, ...env }) });

describe('proxies', () => {
  it.each(['HTTP_PROXY', 'http_proxy'])('%s carries calls to an http API URL', async (name) => {
    t.fake.expect(1);
    const result = await subscribe({ TAGMANGO_API_URL: 'http://tagmango.test', [name]: proxy.url });
    expect(result.code, result.stderr).toBe(0);
    expect(proxy.seen).toEqual([{ method: 'POST', target: `http://tagmango.test${REGISTER}` }]);
    expect(t.fake.requests).toHaveLength(1);
    expect(t.fake.requests[0]?.headers['x-api-key']).toBe(KEY);
  });

  it('HTTPS_PROXY carries calls to an https API URL through a CONNECT tunnel', async () => {
    const result = await subscribe({ TAGMANGO_API_URL: 'https://tagmango.test', HTTPS_PROXY: proxy.url });
    expect(proxy.seen).toEqual([{ method: 'CONNECT', target: 'tagmango.test:443' }]);
    expect(t.fake.requests).toHaveLength(0);
    // The test proxy refuses tunnels: the request never left, so nothing was registered.
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: The proxy refused to open a connection to tagmango.test. Nothing was registered.');
  });

  it('NO_PROXY sends matching hosts directly', async () => {
    t.fake.expect(1);
    const result = await subscribe({ TAGMANGO_API_URL: t.fake.url, HTTP_PROXY: proxy.url, NO_PROXY: 'example.com,127.0.0.1' });
    expect(result.code, result.stderr).toBe(0);
    expect(proxy.seen).toEqual([]);
    expect(t.fake.requests).toHaveLength(1);
  });

  it('without NO_PROXY even a loopback API URL goes through the proxy', async () => {
    const result = await subscribe({ TAGMANGO_API_URL: t.fake.url, HTTP_PROXY: proxy.url });
    expect(result.code, result.stderr).toBe(1);
    expect(proxy.seen).toEqual([{ method: 'POST', target: `${t.fake.url}${REGISTER}` }]);
    expect(t.fake.requests).toHaveLength(0);
  });

  it('no proxy variable: direct', async () => {
    t.fake.expect(1);
    const result = await subscribe({ TAGMANGO_API_URL: t.fake.url });
    expect(result.code).toBe(0);
    expect(proxy.seen).toEqual([]);
    expect(t.fake.requests).toHaveLength(1);
  });
});
