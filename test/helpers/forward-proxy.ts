import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the proxy saw: its method and target (absolute URL, or host:port for CONNECT). */
export interface ProxiedRequest {
  method: string;
  target: string;
}

/** A small forward proxy on 127.0.0.1 that counts requests and resolves names from a table only. */
export interface ForwardProxy {
  url: string;
  seen: ProxiedRequest[];
  close: () => Promise<void>;
}

/**
 * Start the proxy. `hosts` maps a host name (as in the request URL, with port if any) to the
 * origin that serves it, so tests can use names such as `tagmango.test` without any DNS.
 * Unknown names get a 502; CONNECT tunnels are refused with a 502 (they are only counted).
 */
export async function startForwardProxy(hosts: Record<string, string>): Promise<ForwardProxy> {
  const seen: ProxiedRequest[] = [];
  const server = http.createServer((req, res) => {
    const target = req.url ?? '';
    seen.push({ method: req.method ?? '', target });
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      res.writeHead(400).end('absolute-form request expected');
      return;
    }
    const origin = hosts[url.host];
    if (!origin) {
      res.writeHead(502, { 'content-type': 'text/plain' }).end(`unknown host ${url.host}`);
      return;
    }
    const headers: http.OutgoingHttpHeaders = { ...req.headers, host: new URL(origin).host };
    delete headers['proxy-connection'];
    const upstream = http.request(new URL(url.pathname + url.search, origin), { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connect', (req, socket) => {
    seen.push({ method: 'CONNECT', target: req.url ?? '' });
    socket.end('HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
