// The esbuild settings every bundle of this package shares: ESM for Node 20, syntax minified,
// licences kept at the end of each file, warnings shown.

/**
 * zod's translations of its error messages (64 languages, about 300 KB of the bundle) are
 * reachable only as `z.locales`, which this package never uses: its messages are its own, and
 * zod's default English comes from its schemas module, not from this index. Bundling an empty
 * index instead keeps that text out of every command's start-up.
 */
export const zodWithoutLocales = {
  name: 'zod-without-locales',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      args.importer.includes('/node_modules/zod/') ? { path: 'zod-locales', namespace: 'zod-without-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-without-locales' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

export const NODE_ESM = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minifySyntax: true,
  legalComments: 'eof',
  logLevel: 'warning',
  plugins: [zodWithoutLocales],
};
