// The esbuild settings every bundle of this package shares: ESM for Node 20, syntax minified,
// licences kept at the end of each file, warnings shown.
export const NODE_ESM = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minifySyntax: true,
  legalComments: 'eof',
  logLevel: 'warning',
};
