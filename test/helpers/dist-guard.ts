import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Tests run the dist/ that `npm test` built before vitest started. A test that rebuilds it (a
// `prepare` run by npm in the repository, say) pulls it from under tests running in parallel,
// which then fail at random; this guard makes such a test fail the run every time instead.
const dist = path.join(fileURLToPath(new URL('../..', import.meta.url)), 'dist');

/** Every file under dist/ with its size and change time. */
function fingerprint(): string {
  if (!fs.existsSync(dist)) return '';
  return fs
    .readdirSync(dist, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const file = path.join(e.parentPath, e.name);
      const stat = fs.statSync(file);
      return `${path.relative(dist, file)} ${stat.size} ${stat.ctimeMs}`;
    })
    .sort()
    .join('\n');
}

export default function setup(): () => void {
  const before = fingerprint();
  return () => {
    if (fingerprint() !== before) {
      process.exitCode = 1;
      throw new Error('dist/ changed while the tests ran: a test rebuilt it under the feet of the others (run its npm command in a copy of the repository).');
    }
  };
}
