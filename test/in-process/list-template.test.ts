import { describe, expect, it } from 'vitest';
import { baseEnv, tempHome } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';
import { courseId, record, writeRegistry } from '../helpers/registry.js';

const API = 'https://api.example.com';
const TEMPLATE = 'https://hooks.example.com/tm?event={event}';

describe('list --hook-url', () => {
  it('matches the template a registration was made from, as well as its expanded URL', async () => {
    const home = tempHome();
    writeRegistry(home, [
      record(API, 1, { event: 'course.completed.50', hookUrl: 'https://hooks.example.com/tm?event=course.completed.50', hookUrlTemplate: TEMPLATE }),
      record(API, 2, { event: 'course.completed.100', hookUrl: 'https://hooks.example.com/tm?event=course.completed.100', hookUrlTemplate: TEMPLATE }),
      record(API, 3, { event: 'course.completed.100', hookUrl: 'https://hooks.example.com/other', scope: { key: 'course', id: courseId(3) } }),
    ]);
    const env = baseEnv(home, { TAGMANGO_API_URL: API, TAGMANGO_API_KEY: 'tm_test_key_0123456789abcd' });
    const ids = async (url: string): Promise<string[]> => {
      const run = await runInProcess(['list', '--hook-url', url, '--json'], { env });
      expect(run.code, run.stderr).toBe(0);
      return (JSON.parse(run.stdout) as { subscriptions: { id: string }[] }).subscriptions.map((s) => s.id);
    };
    expect(await ids(TEMPLATE)).toEqual([record(API, 1).id, record(API, 2).id]);
    expect(await ids(` ${TEMPLATE} `)).toEqual([record(API, 1).id, record(API, 2).id]);
    expect(await ids('https://hooks.example.com/tm?event=course.completed.50')).toEqual([record(API, 1).id]);
  });
});
