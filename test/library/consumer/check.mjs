// Run inside a consumer project that installed the packed tarball: exercises every export of
// tagmango-hooks/events and prints what it saw as one JSON document.
import * as lib from 'tagmango-hooks/events';
import http from 'node:http';
import { createHandler, deliveryKey, events, examplePayload, identifyEvent, isEventName, nodeHandler, parsePayload } from 'tagmango-hooks/events';

const body = examplePayload('course.completed.100');
const later = { ...body, lastProgressOn: '2023-11-21T09:05Z' };
const parsedOk = parsePayload('course.completed.100', { ...body, extra: 'kept' });
const parsedBad = parsePayload('course.completed.100', { ...body, phone: 'not a number' });
const root = await import('tagmango-hooks');

// Both handlers, as a receiver uses them: a Web Request, and node:http on a loopback port.
const SECRET = 'consumer-secret-0123456789';
const handled = [];
const onEvent = (event, payload) => void handled.push([event, payload.courseId]);
const web = createHandler({ secret: SECRET, onEvent });
const webStatuses = [];
for (const [event, token] of [['course.completed', SECRET], ['course.completed.100', SECRET], ['course.completed.100', 'wrong-token-0123456789']]) {
  const response = await web(new Request(`http://receiver.test/tagmango?event=${event}&token=${token}`, { method: 'POST', body: JSON.stringify(body) }));
  webStatuses.push([response.status, await response.json()]);
}
const server = http.createServer(nodeHandler({ secret: SECRET, onEvent }));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const nodeAnswer = await fetch(`http://127.0.0.1:${server.address().port}/tagmango?event=course.completed.50&token=${SECRET}`, { method: 'POST', body: JSON.stringify(body) });
const nodeStatus = [nodeAnswer.status, await nodeAnswer.json()];
server.close();

process.stdout.write(JSON.stringify({
  exports: Object.keys(lib).sort(),
  handlers: { webStatuses, nodeStatus, handled },
  rootSame: root.parsePayload === parsePayload,
  events: events.map((e) => [e.name, e.scopeKey, e.status, e.successor, typeof e.description]),
  example: body,
  parsedOk: { success: parsedOk.success, extra: parsedOk.data?.extra, courseId: parsedOk.data?.courseId },
  parsedBad: { success: parsedBad.success, paths: parsedBad.error?.issues.map((i) => i.path.join('.')), message: parsedBad.error?.message },
  parsedUnknown: parsePayload('no.such.event', body).success,
  identified: identifyEvent(body),
  identifiedOrder: identifyEvent(examplePayload('order.created.completed')),
  identifiedNothing: identifyEvent({ hello: 'world' }),
  isEventName: [isEventName('user.deleted'), isEventName('user.created')],
  keys: {
    migrationOverlap: deliveryKey('course.completed', body) === deliveryKey('course.completed.100', body),
    keyOrderIgnored: deliveryKey('course.completed.100', Object.fromEntries(Object.entries(body).reverse())) === deliveryKey('course.completed.100', body),
    otherPerson: deliveryKey('course.completed.100', { ...body, email: 'someone.else@example.com' }) !== deliveryKey('course.completed.100', body),
    otherCourse: deliveryKey('course.completed.100', { ...body, courseId: '634fc35ddaf58580e2418c41' }) !== deliveryKey('course.completed.100', body),
    otherTime: deliveryKey('course.completed.100', later) !== deliveryKey('course.completed.100', body),
    otherMilestone: deliveryKey('course.completed.50', body) !== deliveryKey('course.completed.100', body),
  },
}));
