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

/** A temporary home for each test, and a slot for the fake TagMango a test starts with its own options. */
export interface PerTestHome {
  home: string;
  fake: FakeTagMango | undefined;
}

/** Make a home before each test; after it, close the fake the test started (if any) and remove the home. */
export function perTestHome(): PerTestHome {
  const state: PerTestHome = { home: '', fake: undefined };
  beforeEach(() => {
    state.home = tempHome();
  });
  afterEach(async () => {
    await state.fake?.close();
    state.fake = undefined;
    fs.rmSync(state.home, { recursive: true, force: true });
  });
  return state;
}

/** A fake TagMango whose every answer waits until the test calls `release`, and a temporary home. */
export interface PerTestHeld extends PerTest {
  release: () => void;
}

/** Per test: a fake that holds each answer until `release()` (requests stay in flight as long as needed) and a home; released, closed and removed after. */
export function perTestHeldFakeAndHome(options: FakeOptions = {}): PerTestHeld {
  const state = {} as PerTestHeld;
  beforeEach(async () => {
    const gate = new Promise<void>((resolve) => (state.release = resolve));
    state.fake = await startFakeTagMango({ ...options, hold: () => gate });
    state.home = tempHome();
  });
  afterEach(async () => {
    state.release();
    await state.fake.close();
    fs.rmSync(state.home, { recursive: true, force: true });
  });
  return state;
}
