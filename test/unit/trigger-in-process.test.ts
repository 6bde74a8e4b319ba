import { MockAgent } from 'undici';
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/in-process.js';
import { tempHome } from '../helpers/cli.js';

describe('trigger (in process, injected dispatcher)', () => {
  it('sends through the injected dispatcher and reports the answer in the JSON document', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const bodies: string[] = [];
    agent
      .get('https://receiver.example')
      .intercept({ path: '/hook', method: 'POST' })
      .reply((options) => {
        bodies.push(String(options.body));
        return { statusCode: 204, data: '' };
      })
      .times(2);
    const r = await runInProcess(['trigger', 'webinar.created.single', '--to', 'https://receiver.example/hook', '--duplicate', '--json'], {
      env: { TAGMANGO_HOOKS_HOME: tempHome() },
      dispatcher: agent,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toBe(bodies[1]);
    const body = JSON.parse(bodies[0]!);
    expect(body.callList[0].webinarId).toMatch(/^[0-9a-f]{24}$/);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ ok: true, event: 'webinar.created.single', to: 'https://receiver.example/hook' });
    expect(doc.deliveries.map((d: { status: number }) => d.status)).toEqual([204, 204]);
    agent.assertNoPendingInterceptors();
  });

  it('an unknown event suggests the nearest and the events command (exit 2), sending nothing', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const r = await runInProcess(['trigger', 'user.delete', '--to', 'https://receiver.example/hook'], { env: { TAGMANGO_HOOKS_HOME: tempHome() }, dispatcher: agent });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: Unknown event "user.delete".\nDid you mean "user.deleted"? List the events with: tagmango-hooks events\n');
  });
});
