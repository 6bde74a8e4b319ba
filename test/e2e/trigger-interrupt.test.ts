import { afterEach, describe, expect, it } from 'vitest';
import { baseEnv, spawnCli, tempHome, waitFor } from '../helpers/cli.js';
import { startFakeTagMango, type FakeTagMango } from '../helpers/fake-tagmango.js';

let receiver: FakeTagMango | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe('trigger interrupted', () => {
  it('exits 130 like every other command when Ctrl-C comes before the receiver answers, and sends no second copy', async () => {
    receiver = await startFakeTagMango({ route: () => ({ hang: true }) });
    const run = spawnCli(['trigger', 'course.completed.100', '--to', `${receiver.url}/hook`, '--duplicate', '--json'], { env: baseEnv(tempHome()) });
    await waitFor(() => receiver?.requests.length === 1, 15_000, 'the delivery to arrive');
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(JSON.parse(result.stdout).error).toMatchObject({ code: 'CANCELLED', exitCode: 130 });
    expect(receiver.requests).toHaveLength(1);
  });
});
