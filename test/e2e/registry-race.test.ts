import { afterEach, describe, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import type { FakeTagMango } from '../helpers/fake-tagmango.js';
import { parallelSubscribesKeepEveryRecord, sameRegistrationAtOnceSendsOne } from '../helpers/registry-races.js';

let fake: FakeTagMango | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
const keep = (f: FakeTagMango): void => void (fake = f);

describe('the registry, with separate processes', () => {
  it('keeps all 10 records when 10 subscribe processes run at once', () => parallelSubscribesKeepEveryRecord(runCli, 10, keep), 90_000);

  it('sends one registration when 10 processes ask for the same one at once', () => sameRegistrationAtOnceSendsOne(runCli, 10, keep), 60_000);
});
