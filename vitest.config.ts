import { defineConfig } from 'vitest/config';

// Measured on the 2-CPU machine (CONTRIBUTING.md, "Tests"): one module graph per worker instead of
// one per file (isolate: false) cuts the import cost of the in-process tests; two workers instead of
// vitest's default of one on 2 CPUs let spawned tests wait on their child processes side by side.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/dist-guard.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    isolate: false,
    maxWorkers: 2,
    // Spies and fake timers never outlive their test, since files share a worker.
    restoreMocks: true,
    unstubEnvs: true,
  },
});
