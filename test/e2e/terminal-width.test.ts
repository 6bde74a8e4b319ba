import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, baseEnv, waitFor } from '../helpers/cli.js';
import { perTestHeldFakeAndHome } from '../helpers/per-test.js';
import { courseId, record, writeRegistry } from '../helpers/registry.js';

// A real terminal (tmux) of 40 columns: what a user sees while a migration runs, is stopped with
// Ctrl-C and reports. In-process tests cover the widths of each printer; this one checks what only
// a terminal shows: the progress line drawn in place, its debris, and the report after a stop.

const KEY = 'tm_live_terminal00000000000KEY7';
const hasTmux = spawnSync('sh', ['-c', 'command -v tmux']).status === 0;
const t = perTestHeldFakeAndHome({ apiKey: KEY });

function tmux(...args: string[]): string {
  const result = spawnSync('tmux', ['-L', `tmh-${process.pid}`, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tmux ${args[0]}: ${result.stderr}`);
  return result.stdout;
}

/** The pane's lines with wrapped lines joined again (-J): a line longer than the pane shows as one. */
const screen = (): string[] => tmux('capture-pane', '-p', '-J', '-t', 'run').split('\n').map((l) => l.trimEnd());

describe.skipIf(!hasTmux && !process.env.CI)('migrate in a 40-column terminal, stopped with Ctrl-C', () => {
  it('fits the width while running and after, reports no row failed that the server did not fail, and ends with one summary line', async () => {
    const legacy = Array.from({ length: 40 }, (_, i) => record(t.fake.url, i + 1, { hookUrl: `https://receiver.hooks.example.com/tagmango/deliveries/${courseId(i + 1)}` }));
    writeRegistry(t.home, legacy);
    const exitFile = path.join(t.home, 'exit');
    const env = baseEnv(t.home, { TAGMANGO_API_KEY: KEY, TAGMANGO_API_URL: t.fake.url, TERM: 'xterm-256color' });
    const exports = Object.entries(env).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}='${v}'`).join(' ');
    tmux('new-session', '-d', '-s', 'run', '-x', '40', '-y', '60', `env -i ${exports} '${process.execPath}' '${BIN}' migrate --concurrency 3; echo "exit=$?" > '${exitFile}'; sleep 600`);
    try {
      await waitFor(() => screen().join('\n').includes('[y/N]'), 20_000, 'the confirmation prompt');
      // Three requests go out (the concurrency) and are held until the stop; none after it.
      t.fake.expect(3);
      tmux('send-keys', '-t', 'run', 'y', 'Enter');
      await waitFor(() => t.fake.requests.length === 3 && /0\/40 migrated/.test(screen().join('\n')), 20_000, 'three requests in flight and the progress line');
      for (const line of screen()) expect(line.length, line).toBeLessThanOrEqual(40);
      tmux('send-keys', '-t', 'run', 'C-c');
      await waitFor(() => screen().join('\n').includes('Stopping'), 10_000, 'the stop notice');
      t.release();
      await waitFor(() => fs.existsSync(exitFile), 20_000, 'the run to end');

      expect(fs.readFileSync(exitFile, 'utf8').trim()).toBe('exit=130');
      const lines = screen().filter(Boolean);
      for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(40);
      expect(lines.filter((l) => /^failed /.test(l))).toEqual([]);
      expect(lines.filter((l) => /^created /.test(l))).toHaveLength(3);
      // No progress line left behind, whole or in pieces.
      expect(lines.filter((l) => /migrated,|\/s\b| left$/.test(l))).toEqual([]);
      // The summary, wrapped at the width: its line and the next read as one.
      const at = lines.findIndex((l) => /not sent/.test(l));
      const summary = lines.slice(at, at + 2).join(' ');
      expect(lines.filter((l) => /not sent/.test(l))).toHaveLength(1);
      expect(summary).toMatch(/^3 created, 37 not sent \(stopped\): run the same command again to send them$/);
      expect(t.fake.requests).toHaveLength(3);
    } finally {
      tmux('kill-server');
    }
  }, 60_000);
});
