// A TagMango webhook receiver in plain node:http. nodeHandler checks the URL's token, tells events
// apart by ?event=, parses the payload, answers TagMango, and calls onEvent once per delivery
// (a redelivery, or the same completion sent as course.completed and course.completed.100, is not
// processed twice). Register it with the event and the secret in the URL:
//   tagmango-hooks subscribe 'https://hooks.example.com/tagmango?event={event}&token={secret}' --course <id>
import http from 'node:http';
import { nodeHandler } from 'tagmango-hooks/events';

const log = (line) => process.stdout.write(JSON.stringify(line) + '\n');

/** Your work, one branch per event. Keep it short: TagMango waits at most 30 s for the answer. */
async function onEvent(event, payload, delivery) {
  if (!delivery.valid) log({ mismatch: event, issues: delivery.issues.map((i) => i.message) });
  switch (event) {
    case 'course.completed.50':
      return log({ processed: event, action: 'send-halfway-email', email: payload.email, courseId: payload.courseId });
    case 'course.completed': // deprecated; same payload and meaning as course.completed.100
    case 'course.completed.100':
      return log({ processed: event, action: 'issue-certificate', email: payload.email, courseId: payload.courseId });
    default:
      return log({ processed: event, action: 'none' });
  }
}

const tagmango = nodeHandler({ secret: process.env.TAGMANGO_HOOK_SECRET, onEvent });
const server = http.createServer((req, res) => {
  if (req.url?.startsWith('/tagmango?') || req.url === '/tagmango') return tagmango(req, res);
  res.writeHead(404).end();
});
server.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1', () => {
  log({ listening: `http://127.0.0.1:${server.address().port}/tagmango?event={event}&token={secret}` });
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
