import fs from 'node:fs';
import { afterEach, beforeEach } from 'vitest';
import { tempHome } from './cli.js';
import { startFakeTagMango, type FakeOptions, type FakeTagMango } from './fake-tagmango.js';

/** A fake TagMango and a temporary home, fresh for each test of the calling file. */
export interface PerTest {
  fake: FakeTagMango;
  home: string;
}

/** Start a fake TagMango and make a home before each test; close and remove them after. */
export function perTestFakeAndHome(options: FakeOptions = {}): PerTest {
  const state = {} as PerTest;
  beforeEach(async () => {
    state.fake = await startFakeTagMango(options);
    state.home = tempHome();
  });
  afterEach(async () => {
    await state.fake.close();
    fs.rmSync(state.home, { recursive: true, force: true });
  });
  return state;
}
