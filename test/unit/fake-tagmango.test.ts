import { describe, expect, it } from 'vitest';
import { everyRegistration, startFakeTagMango } from '../helpers/fake-tagmango.js';

const REGISTER = '/api/v1/integration/webhook/webhook';

const post = (url: string, path = REGISTER): Promise<Response> =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'k' }, body: JSON.stringify({ hookUrl: 'https://h.example/x', event: 'course.completed.100' }) });

describe('the fake TagMango is strict', () => {
  it('fails on a request nobody told it to expect, and answers it with a 400', async () => {
    const fake = await startFakeTagMango();
    const answer = await post(fake.url);
    expect(answer.status).toBe(400);
    await expect(fake.close()).rejects.toThrow(/unexpected request POST \/api\/v1\/integration\/webhook\/webhook/);
  });

  it('fails on a scripted answer left unused', async () => {
    const fake = await startFakeTagMango();
    fake.reply({ status: 500, body: {} }, { status: 201, body: {} });
    expect((await post(fake.url)).status).toBe(500);
    await expect(fake.close()).rejects.toThrow(/1 expected request\(s\) never came/);
  });

  it('fails on an expected request that never came', async () => {
    const fake = await startFakeTagMango();
    fake.expect(2);
    expect((await post(fake.url)).status).toBe(201);
    await expect(fake.close()).rejects.toThrow(/never came/);
  });

  it('passes when every request was expected and every answer used, in order', async () => {
    const fake = await startFakeTagMango({ apiKey: 'k' });
    fake.reply({ status: 503, body: {} });
    fake.expect(1);
    expect((await post(fake.url)).status).toBe(503);
    const created = await post(fake.url);
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ success: true, result: { event: 'course.completed.100' } });
    await expect(fake.close()).resolves.toBeUndefined();
  });

  it('everyRegistration expects registrations only', async () => {
    const fake = await startFakeTagMango({ route: everyRegistration });
    expect((await post(fake.url)).status).toBe(201);
    expect((await post(fake.url)).status).toBe(201);
    expect((await post(fake.url, '/elsewhere')).status).toBe(400);
    await expect(fake.close()).rejects.toThrow(/unexpected request POST \/elsewhere/);
  });
});
