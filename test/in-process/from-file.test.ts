import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { baseEnv, snapshotFiles, tempHome } from '../helpers/cli.js';
import { startFakeTagMango, type FakeTagMango } from '../helpers/fake-tagmango.js';
import { courseId, readRegistry } from '../helpers/registry.js';
import { runCliInProcess } from '../helpers/in-process.js';

const KEY = 'tm_test_key_0123456789abcd';
let fake: FakeTagMango | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const EXPECTED = [
  { hookUrl: 'https://hooks.example.com/a', event: 'course.completed.100', course: courseId(1) },
  { hookUrl: 'https://hooks.example.com/a', event: 'course.completed.100', course: courseId(2) },
  { hookUrl: 'https://hooks.example.com/orders', event: 'order.created.completed' },
];

const FORMATS: Record<string, string> = {
  'json array': JSON.stringify([
    { hookUrl: 'https://hooks.example.com/a', course: courseId(1) },
    { hookUrl: 'https://hooks.example.com/a', course: courseId(2) },
    { hookUrl: 'https://hooks.example.com/orders', event: 'order.created.completed' },
  ]),
  'json lines': [
    JSON.stringify({ hookUrl: 'https://hooks.example.com/a', course: courseId(1) }),
    JSON.stringify({ hookUrl: 'https://hooks.example.com/a', event: 'course.completed.100', course: courseId(2) }),
    '',
    JSON.stringify({ hookUrl: 'https://hooks.example.com/orders', event: 'order.created.completed' }),
  ].join('\n'),
  csv: `hookUrl,event,course,mango\n"https://hooks.example.com/a",,${courseId(1)},\nhttps://hooks.example.com/a,course.completed.100,${courseId(2)},\r\nhttps://hooks.example.com/orders,order.created.completed,,\n`,
};

describe('subscribe --from-file', () => {
  it('plans in --dry-run exactly what the real run sends: a repeated row is skipped in both', async () => {
    fake = await startFakeTagMango();
    const home = tempHome();
    const file = path.join(home, 'hooks.csv');
    fs.writeFileSync(file, `hookUrl,course\nhttps://hooks.example.com/a,${courseId(1)}\nhttps://hooks.example.com/a,${courseId(1)}\n`);
    const env = baseEnv(home, { TAGMANGO_API_URL: fake.url, TAGMANGO_API_KEY: KEY });

    const dry = await runCliInProcess(['subscribe', '--from-file', file, '--dry-run', '--json'], { env });
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout).results.map((r: { status: string }) => r.status)).toEqual(['planned', 'skipped']);
    expect(fake.requests).toHaveLength(0);

    fake.expect(1);
    const real = await runCliInProcess(['subscribe', '--from-file', file, '--json'], { env });
    expect(real.code, real.stderr).toBe(0);
    expect(JSON.parse(real.stdout).results.map((r: { status: string }) => r.status)).toEqual(['created', 'skipped']);
    expect(fake.requests).toHaveLength(1);
  });

  for (const [format, text] of Object.entries(FORMATS)) {
    it(`registers every row of a ${format} file, then skips them on a rerun`, async () => {
      fake = await startFakeTagMango();
      fake.expect(3);
      const home = tempHome();
      const file = path.join(home, 'hooks.in');
      fs.writeFileSync(file, text);
      const env = baseEnv(home, { TAGMANGO_API_URL: fake.url, TAGMANGO_API_KEY: KEY });
      const result = await runCliInProcess(['subscribe', '--from-file', file, '--concurrency', '1'], { env });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(fake.requests.map((r) => r.json)).toEqual(EXPECTED);
      expect(readRegistry(path.join(home, 'subscriptions.json')).subscriptions.map((r) => r.status)).toEqual(['active', 'active', 'active']);
      const again = await runCliInProcess(['subscribe', '--from-file', file], { env });
      expect(again.code).toBe(0);
      expect(fake.requests).toHaveLength(3);
    });
  }

  it('refuses a deprecated event in the file with --strict, pointing at the file rather than --event', async () => {
    fake = await startFakeTagMango();
    const home = tempHome();
    const file = path.join(home, 'hooks.csv');
    fs.writeFileSync(file, `hookUrl,event,course\nhttps://hooks.example.com/a,course.completed,${courseId(1)}\n`);
    const env = baseEnv(home, { TAGMANGO_API_URL: fake.url, TAGMANGO_API_KEY: KEY });
    const result = await runCliInProcess(['subscribe', '--from-file', file, '--strict'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/course\.completed in row 1 \(line 2\) of .* is deprecated \(--strict\)\./);
    expect(result.stderr).toContain('course.completed.100 in the file');
    expect(result.stderr).not.toContain('--event');
    expect(fake.requests).toHaveLength(0);
    expect(fs.existsSync(path.join(home, 'subscriptions.json'))).toBe(false);
  });

  it('reads stdin with -', async () => {
    fake = await startFakeTagMango();
    fake.expect(3);
    const home = tempHome();
    const env = baseEnv(home, { TAGMANGO_API_URL: fake.url, TAGMANGO_API_KEY: KEY });
    const result = await runCliInProcess(['subscribe', '--from-file', '-', '--json'], { env, input: FORMATS.csv });
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { results: { status: string }[] }).results.map((r) => r.status)).toEqual(['created', 'created', 'created']);
  });

  const BAD: [string, string, RegExp][] = [
    ['a bad id in CSV', `hookUrl,course\nhttps://hooks.example.com/a,${courseId(1)}\nhttps://hooks.example.com/a,nope\n`, /"nope" in row 2 \(line 3\) of/],
    ['a wrong scope key', JSON.stringify([{ hookUrl: 'https://hooks.example.com/a' }, { hookUrl: 'https://hooks.example.com/a', mango: courseId(1) }]), /row 2 of/],
    ['an unknown key', `{"hookUrl":"https://hooks.example.com/a"}\n{"hookUrl":"https://hooks.example.com/a","curse":"x"}`, /row 2 \(line 2\) of .*: "curse" is not a known field\.$/m],
    ['a missing hookUrl', '[{"event":"course.completed.100"}]', /row 1 of .*: "hookUrl" is missing\.$/m],
    ['a hookUrl that is no text', '[{"hookUrl":42}]', /row 1 of .*: "hookUrl" should be text, not a number\.$/m],
    ['a typo in an event', 'hookUrl,event\nhttps://hooks.example.com/a,course.complete.100\n', /Unknown event "course.complete.100" in row 1 \(line 2\)/],
    ['an unknown column', 'hookUrl,curse\nhttps://hooks.example.com/a,x\n', /unknown column "curse"/],
    ['a short row', `hookUrl,event,course\nhttps://hooks.example.com/a,course.completed.100\n`, /Row 1 \(line 2\).*2 fields.*3/],
    ['broken JSON lines', '{"hookUrl":"https://hooks.example.com/a"}\n{"hookUrl":', /Row 2 \(line 2\).*not valid JSON/],
    ['an unclosed quote', 'hookUrl\n"https://hooks.example.com/a\n', /Line 2 .*not valid CSV/],
    ['a private hook URL', '[{"hookUrl":"https://hooks.example.com/a"},{"hookUrl":"https://10.0.0.1/x"}]', /row 2 of .*private/],
  ];
  for (const [what, text, message] of BAD) {
    it(`refuses the whole file for ${what}: exit 2, row named, nothing written`, async () => {
      const home = tempHome();
      const file = path.join(home, 'hooks.in');
      fs.writeFileSync(file, text);
      const before = snapshotFiles(home);
      const env = baseEnv(home, { TAGMANGO_API_KEY: KEY, TAGMANGO_API_URL: 'https://api-prod-new.tagmango.com' });
      const result = await runCliInProcess(['subscribe', '--from-file', file], { env });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(snapshotFiles(home)).toEqual(before);
    });
  }

  it('--strict names the row of a deprecated event, like every other file error', async () => {
    const home = tempHome();
    const file = path.join(home, 'hooks.csv');
    fs.writeFileSync(file, 'hookUrl,event\nhttps://hooks.example.com/a,course.completed.100\nhttps://hooks.example.com/b,course.completed\n');
    const result = await runCliInProcess(['subscribe', '--from-file', file, '--strict'], { env: baseEnv(home, { TAGMANGO_API_KEY: KEY }) });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: course\.completed in row 2 \(line 3\) of .*hooks\.csv is deprecated \(--strict\)\.$/m);
    expect(result.stderr).toContain('Use course.completed.100 in the file');
  });

  it('a mistyped event is never pointed at a deprecated one: its successor instead', async () => {
    const result = await runCliInProcess(['subscribe', 'https://hooks.example.com/a', '--event', 'course.complete'], { env: baseEnv(tempHome(), { TAGMANGO_API_KEY: KEY }) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Did you mean "course.completed.100"?');
    expect(result.stderr).not.toMatch(/"course\.completed"\?/);
  });

  it('names a missing file', async () => {
    const home = tempHome();
    const result = await runCliInProcess(['subscribe', '--from-file', 'missing.csv'], { env: baseEnv(home, { TAGMANGO_API_KEY: KEY }), cwd: home });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missing.csv does not exist');
  });
});
