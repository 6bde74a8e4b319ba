import http from 'node:http';
import type { Dispatcher } from 'undici';
import { REGISTER_PATH } from '../tagmango/registration.js';
import { isLoopbackAddress, readBody } from '../net/serve.js';
import { envelope, checkRegistration } from './register-api.js';
import { FIRE_PATH, REGISTRATIONS_PATH, fire, fireRequestSchema, type FireResult } from './fire.js';
import type { SandboxRegistration, SandboxState } from './state.js';

/** What the sandbox reports as it works. */
export interface SandboxEvents {
  onRegistered: (registration: SandboxRegistration) => void;
  onRejected: (status: number, message: string) => void;
  onFired: (result: FireResult) => void;
}

/** How the sandbox behaves. */
export interface SandboxOptions extends SandboxEvents {
  state: SandboxState;
  /** The only accepted x-api-key; undefined accepts any non-empty key. */
  apiKey: string | undefined;
  dispatcher: Dispatcher;
}

/** A TagMango-compatible registration API plus loopback-only control endpoints under /__sandbox/. */
export function createSandbox(options: SandboxOptions): http.Server {
  return http.createServer((req, res) => {
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    void (async () => {
      const path = (req.url ?? '/').split('?')[0];
      const text = await readBody(req);
      if (path === REGISTER_PATH && req.method === 'POST') {
        const header = req.headers['x-api-key'];
        const check = checkRegistration(Array.isArray(header) ? header[0] : header, options.apiKey, text);
        if (!check.ok) {
          options.onRejected(check.status, check.body.message);
          return send(check.status, check.body);
        }
        const registration = options.state.add({ hookUrl: check.hookUrl, event: check.event, scope: check.scope });
        options.onRegistered(registration);
        const result = { _id: registration._id, hookUrl: registration.hookUrl, event: registration.event, ...(check.scope ? { [check.scope.key]: check.scope.id } : {}) };
        return send(200, envelope(200, 'Webhook registered successfully', result));
      }
      if (path?.startsWith('/__sandbox/')) {
        if (!isLoopbackAddress(req.socket.remoteAddress)) return send(403, envelope(403, 'Control endpoints answer only on loopback'));
        if (path === REGISTRATIONS_PATH && req.method === 'GET') return send(200, envelope(200, 'OK', options.state.all()));
        if (path === FIRE_PATH && req.method === 'POST') {
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            return send(400, envelope(400, 'Request body must be JSON'));
          }
          const request = fireRequestSchema.safeParse(json);
          if (!request.success) return send(400, envelope(400, 'Expected {"event": "...", "scope": {"key","id"} | null}'));
          const result = await fire(request.data, options.state.all(), options.dispatcher);
          if ('error' in result) return send(400, envelope(400, result.error));
          options.onFired(result);
          return send(200, envelope(200, 'Fired', result));
        }
      }
      send(404, envelope(404, `Cannot ${req.method} ${path}`));
    })().catch((error: unknown) => {
      if (!res.headersSent) send(500, envelope(500, (error as Error).message));
    });
  });
}
