// Mutation testing of the trust core (`npm run mutation`; CONTRIBUTING.md, "Mutation testing").
// Not part of `npm test` or CI: a run takes minutes per file. One file:
//   npm run mutation -- --mutate src/secrets.ts
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  coverageAnalysis: 'perTest',
  mutate: [
    'src/secrets.ts',
    'src/tagmango/judge-answer.ts',
    'src/tagmango/retry-policy.ts',
    'src/registry/lifecycle.ts',
    'src/registry/identity.ts',
    'src/validate/hook-url.ts',
    'src/registrations/engine.ts',
    'src/io/escape.ts',
  ],
  // The machine has two cores shared with other work.
  concurrency: 2,
  timeoutMS: 20_000,
  reporters: ['clear-text', 'progress'],
  clearTextReporter: { allowColor: false, logTests: false },
  tempDirName: '.tmp/stryker',
  cleanTempDir: 'always',
  thresholds: { high: 90, low: 85, break: null },
};
