import { defineConfig } from 'vitest/config';

// The tests a mutation run uses (stryker.config.mjs): the unit and in-process ones, which run the
// mutated sources. The spawned tests (e2e, docs, package) run the built dist/, which no mutant reaches.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/in-process/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    restoreMocks: true,
    unstubEnvs: true,
  },
});
