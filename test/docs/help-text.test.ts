import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { helpTopic, prebuiltHelp, HELP_FILE, HELP_WIDTH } from '../../src/help/prebuilt.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { baseEnv, runCli, runProcess, tempHome } from '../helpers/cli.js';
import { runCliInProcess, runInProcess } from '../helpers/in-process.js';
import { readDoc } from '../helpers/markdown.js';

// The bundle's help texts, generated at build time (scripts/bundle.mjs) from the same program definition as docs/commands.md.
const bundleDir = new URL('../../dist/bundle/', import.meta.url);
const texts = JSON.parse(fs.readFileSync(new URL(HELP_FILE, bundleDir), 'utf8')) as Record<string, string>;
const page = readDoc('docs/commands.md');

/** The ways of asking for a command's help, as argv. */
function forms(topic: string): string[][] {
  const words = topic === '' ? [] : topic.split(' ');
  return [[...words, '--help'], [...words, '-h'], ...(words.length <= 1 ? [['help', ...words]] : [])];
}

describe('help generated at build time', () => {
  it('has every command of docs/commands.md, with the same text as its reference section', () => {
    const sections = [...page.matchAll(/^### tagmango-hooks(.*)\n[\s\S]*?```text\n([\s\S]*?)\n```$/gm)].map((m) => [(m[1] ?? '').trim(), m[2] ?? ''] as const);
    expect(sections.length).toBeGreaterThan(10);
    expect(Object.keys(texts).sort()).toEqual(sections.map(([topic]) => topic).sort());
    for (const [topic, text] of sections) expect(texts[topic]?.trimEnd(), topic).toBe(text);
  });

  it('is what commander prints for every way of asking, off a terminal (every form it answers)', async () => {
    for (const [topic, text] of Object.entries(texts)) {
      for (const argv of forms(topic)) {
        expect(helpTopic(argv)).toBe(topic);
        const result = await runCliInProcess(argv);
        expect(result.code, argv.join(' ')).toBe(0);
        expect(result.stdout, argv.join(' ')).toBe(text);
      }
    }
  });

  it('is printed by the binary for --help, help <command> and <command> --help, and commander gives the same where colour is forced', async () => {
    const env = baseEnv(tempHome());
    for (const argv of [['--help'], ['help', 'subscribe'], ['sandbox', 'fire', '--help'], ['list', '-h']]) {
      const topic = helpTopic(argv) ?? '';
      const prebuilt = await runCli(argv, { env });
      expect(prebuilt.code).toBe(0);
      expect(prebuilt.stdout).toBe(texts[topic]);
      const rendered = await runCli(argv, { env: { ...env, FORCE_COLOR: '0' } });
      expect(rendered.stdout).toBe(texts[topic]);
    }
  });

  it('is read from the file beside the bundle, without commander (a changed file shows)', async () => {
    const copy = path.join(tempHome(), 'bundle');
    fs.cpSync(fileURLToPath(bundleDir), copy, { recursive: true });
    fs.writeFileSync(path.join(copy, HELP_FILE), JSON.stringify({ ...texts, '': 'from the file\n' }));
    const bin = path.join(copy, 'bin.mjs');
    fs.writeFileSync(bin, "import { main } from './cli.js';\nmain();\n");
    const env = baseEnv(tempHome());
    expect((await runProcess(process.execPath, [bin, '--help'], { env })).stdout).toBe('from the file\n');
    expect((await runProcess(process.execPath, [bin, '--help'], { env: { ...env, FORCE_COLOR: '0' } })).stdout).toBe(texts['']);
  });

  it('leaves to commander a terminal (its help is fitted to the width), forced colour, other arguments and unknown topics', async () => {
    expect(prebuiltHelp(['--help'], {}, {}, bundleDir)).toBe(texts['']);
    expect(prebuiltHelp(['help', 'list'], { isTTY: true, columns: HELP_WIDTH }, {}, bundleDir)).toBeUndefined();
    expect(prebuiltHelp(['help', 'list'], { isTTY: true, columns: 60 }, {}, bundleDir)).toBeUndefined();
    expect(prebuiltHelp(['help', 'list'], {}, { FORCE_COLOR: '1' }, bundleDir)).toBeUndefined();
    expect(prebuiltHelp(['list', '--json', '--help'], {}, {}, bundleDir)).toBeUndefined();
    expect(prebuiltHelp(['help', 'nosuch'], {}, {}, bundleDir)).toBeUndefined();
    expect(prebuiltHelp(['help', 'config', 'list'], {}, {}, bundleDir)).toBeUndefined();
    expect(prebuiltHelp(['list'], {}, {}, bundleDir)).toBeUndefined();
    expect(prebuiltHelp(['--help'], {}, {}, new URL('../../src/', import.meta.url))).toBeUndefined();
    // A 60-column terminal gets commander's text, wrapped to fit.
    const narrow = await runInProcess(['help', 'subscribe'], { stdoutTTY: true, columns: 60, env: {} });
    expect(narrow.code).toBe(0);
    expect(narrow.stdout).not.toBe(texts.subscribe);
    expect(narrow.stdout).toMatch(/^Usage: tagmango-hooks subscribe \[options\]/);
  });
});
