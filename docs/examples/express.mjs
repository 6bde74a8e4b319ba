// The same receiver in Express 5. Mount nodeHandler before any express.json(), so it reads the
// body as TagMango sent it.
import express from 'express';
import { nodeHandler } from 'tagmango-hooks/events';

const log = (line) => process.stdout.write(JSON.stringify(line) + '\n');

const app = express();
app.post('/tagmango', nodeHandler({
  secret: process.env.TAGMANGO_HOOK_SECRET,
  onEvent: async (event, payload, delivery) => {
    const action = event === 'course.completed' || event === 'course.completed.100' ? 'issue-certificate' : 'none';
    log({ processed: event, action, email: payload.email, valid: delivery.valid });
  },
}));
const server = app.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1', () => {
  log({ listening: `http://127.0.0.1:${server.address().port}/tagmango?event={event}&token={secret}` });
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
