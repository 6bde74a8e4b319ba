import { quickAnswer } from './help/prebuilt.js';

/**
 * The binary's first step, bundled on its own as CommonJS (dist/bundle/start.cjs, no imports):
 * Node starts a CommonJS file in about a third of the time an ES module takes, so `--version`
 * and the generated help are printed at close to the cost of `node` itself. Every other command
 * loads the CLI (cli.ts, ES modules) and runs there.
 */
export function start(): void {
  const argv = process.argv.slice(2);
  const answer = quickAnswer(argv, process.stdout, process.env, new URL('./', import.meta.url));
  if (answer === undefined) {
    void import('./cli.js').then(({ main }) => main());
    return;
  }
  // A reader that stops early (`--help | head`) closes the pipe: nothing is left to say.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  process.stdout.write(answer);
}
