import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { UsageError } from '../errors.js';

/** Start listening; a port in use or a bad host is a usage error (exit 2). Returns the bound port. */
export function listenOn(server: http.Server, port: number, host: string, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      if (error.code === 'EADDRINUSE') {
        reject(new UsageError(`Port ${port} on ${host} is already in use, so the ${what} cannot start.`, 'Choose another with --port <n> (or --port 0 for any free port).', 'PORT_IN_USE'));
      } else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' || error.code === 'EACCES') {
        reject(new UsageError(`The ${what} cannot listen on ${host}:${port} (${error.code}).`, 'Use --host 127.0.0.1 and a port above 1023.', 'CANNOT_LISTEN'));
      } else reject(error);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Parse a --port value: 0 (any free port) to 65535. */
export function parsePort(raw: string): number {
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) {
    throw new UsageError(`--port "${raw}" is not a port number.`, 'Give a number from 1 to 65535, or 0 for any free port.', 'INVALID_PORT');
  }
  return port;
}

/** Resolve when the signal is aborted (Ctrl-C); never when there is no signal. */
export function untilAborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!signal) return;
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** Stop accepting, drop open connections and wait until the server is closed. */
export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Read a request body as text, up to a limit. */
export async function readBody(req: http.IncomingMessage, limitBytes = 1_000_000): Promise<string> {
  return (await readBodyBytes(req, limitBytes)).toString('utf8');
}

/** Read a request body as sent, up to a limit. */
export function readBodyBytes(req: http.IncomingMessage, limitBytes = 1_000_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limitBytes) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
    // A connection closed mid-body (the listener stopping) settles the read too; after 'end' this is a no-op.
    req.on('close', () => reject(new Error('connection closed before the body was complete')));
  });
}

/** Whether a connection comes from this machine. */
export function isLoopbackAddress(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}
