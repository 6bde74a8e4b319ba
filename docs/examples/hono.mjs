// The same receiver in Hono, on Node through @hono/node-server. createHandler is Web-standard
// (Request in, Response out), so the route hands it the raw request; the same line works in
// Cloudflare Workers, Bun, Deno and Next.js route handlers.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createHandler } from 'tagmango-hooks/events';

const log = (line) => process.stdout.write(JSON.stringify(line) + '\n');

const tagmango = createHandler({
  secret: process.env.TAGMANGO_HOOK_SECRET,
  onEvent: async (event, payload, delivery) => {
    const action = event === 'course.completed' || event === 'course.completed.100' ? 'issue-certificate' : 'none';
    log({ processed: event, action, email: payload.email, valid: delivery.valid });
  },
});
const app = new Hono();
app.post('/tagmango', (c) => tagmango(c.req.raw));
const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000), hostname: process.env.HOST ?? '127.0.0.1' }, (info) => {
  log({ listening: `http://127.0.0.1:${info.port}/tagmango?event={event}&token={secret}` });
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
