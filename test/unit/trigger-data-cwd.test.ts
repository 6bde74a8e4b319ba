import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MockAgent } from 'undici';
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/in-process.js';
import { tempHome } from '../helpers/cli.js';

describe('trigger --data', () => {
  it('reads a relative file from the run\'s working directory, not the process\'s', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'tmh-data-'));
    fs.writeFileSync(path.join(cwd, 'body-in-cwd.json'), JSON.stringify({ marker: 'from the injected cwd' }));
    const agent = new MockAgent();
    agent.disableNetConnect();
    const bodies: string[] = [];
    agent
      .get('https://receiver.example')
      .intercept({ path: '/hook', method: 'POST' })
      .reply((options) => {
        bodies.push(String(options.body));
        return { statusCode: 204, data: '' };
      });
    const r = await runInProcess(['trigger', 'user.deleted', '--to', 'https://receiver.example/hook', '--data', 'body-in-cwd.json'], {
      env: { TAGMANGO_HOOKS_HOME: tempHome() },
      dispatcher: agent,
      cwd,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(bodies[0] ?? '{}')).toEqual({ marker: 'from the injected cwd' });
  });
});
