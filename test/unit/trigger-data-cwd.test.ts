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
    // The interceptor matches only the body of the file in `cwd`: any other body is refused as a request it was not told about.
    agent.get('https://receiver.example').intercept({ path: '/hook', method: 'POST', body: JSON.stringify({ marker: 'from the injected cwd' }) }).reply(204, '');
    const argv = ['trigger', 'user.deleted', '--to', 'https://receiver.example/hook', '--data', 'body-in-cwd.json'];
    const r = await runInProcess(argv, { env: { TAGMANGO_HOOKS_HOME: tempHome() }, dispatcher: agent, cwd });
    expect(r.code, r.stderr).toBe(0);
    agent.assertNoPendingInterceptors();
  });
});
