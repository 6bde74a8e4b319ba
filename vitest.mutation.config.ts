import { defineConfig } from 'vitest/config';

// The tests a mutation run uses (stryker.config.mjs): the unit and in-process ones, which run the
// mutated sources. The spawned tests (e2e, docs, package) run the built dist/, which no mutant reaches.
// MUTATION_TESTS (comma-separated globs) narrows them for a quicker run of one file; more tests
// can only kill more mutants, so its score is a lower bound of the whole run's.
const narrowed = process.env.MUTATION_TESTS?.split(',').filter(Boolean);

export default defineConfig({
  test: {
    include: narrowed?.length ? narrowed : ['test/unit/**/*.test.ts', 'test/in-process/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    restoreMocks: true,
    unstubEnvs: true,
  },
});
