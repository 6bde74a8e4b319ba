import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';

/** How the connection pool to TagMango is built. */
export interface DispatcherOptions {
  /** Most connections opened to one origin: the bulk concurrency. */
  connections: number;
  connectTimeoutMs: number;
  env: Record<string, string | undefined>;
}

const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

/**
 * A keep-alive pool limited to `connections` per origin; honours HTTP(S)_PROXY and NO_PROXY
 * through undici's EnvHttpProxyAgent when a proxy is configured.
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const common = {
    connections: options.connections,
    pipelining: 1,
    keepAliveTimeout: 10_000,
    connect: { timeout: options.connectTimeoutMs },
  };
  const proxied = PROXY_VARS.some((name) => options.env[name]);
  if (!proxied) return new Agent(common);
  const httpsProxy = options.env.HTTPS_PROXY ?? options.env.https_proxy;
  const httpProxy = options.env.HTTP_PROXY ?? options.env.http_proxy;
  const noProxy = options.env.NO_PROXY ?? options.env.no_proxy;
  return new EnvHttpProxyAgent({
    ...common,
    // http:// targets are forwarded in absolute form, as curl does (many proxies allow CONNECT to 443 only).
    proxyTunnel: false,
    ...(httpProxy ? { httpProxy } : {}),
    ...(httpsProxy ? { httpsProxy } : {}),
    ...(noProxy !== undefined ? { noProxy } : {}),
  });
}
