// A minimal fake TagMango for the benchmark: answers every registration with 201 after a fixed
// latency, and counts requests and TCP connections.
import http from 'node:http';

/** Start on 127.0.0.1, port 0. */
export async function startFakeServer({ latencyMs = 0 } = {}) {
  let requests = 0;
  let connections = 0;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      requests += 1;
      const serial = requests;
      let body = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        // answered anyway: the benchmark only measures timing
      }
      const send = () => {
        const id = serial.toString(16).padStart(24, 'a');
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'Webhook created', success: true, result: { _id: id, ...body }, code: 201, statusMessage: 'Created' }));
      };
      if (latencyMs > 0) setTimeout(send, latencyMs);
      else send();
    });
  });
  server.keepAliveTimeout = 30_000;
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => ({ requests, connections }),
    reset: () => {
      requests = 0;
      connections = 0;
    },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
