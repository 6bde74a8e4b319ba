import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, checksumFiles, tempHome } from '../helpers/cli.js';
import { startFakeTagMango, type FakeTagMango } from '../helpers/fake-tagmango.js';
import { runCliInProcess } from '../helpers/in-process.js';

const KEY = 'tm_hostile_input_key_0123456789abcdef';
const HOOK = 'https://hooks.example.com/tm';
const ID = '634fc35ddaf58580e2418c40';

interface BadCase {
  name: string;
  args: string[];
  /** A fragment of the one error sentence. */
  says: RegExp;
  /** Files the case needs in its working folder. */
  files?: Record<string, string>;
  /** What stdin carries. */
  input?: string;
}

const sub = (...args: string[]): string[] => ['subscribe', ...args];

const CASES: BadCase[] = [
  // hook URLs
  { name: 'missing scheme', args: sub('hooks.example.com/tm'), says: /is not an absolute URL/ },
  { name: 'protocol-relative', args: sub('//hooks.example.com/tm'), says: /is not an absolute URL/ },
  { name: 'ftp: scheme', args: sub('ftp://hooks.example.com/tm'), says: /must use http or https, not "ftp"/ },
  { name: 'javascript: scheme', args: sub('javascript:alert(1)'), says: /must use http or https, not "javascript"/ },
  { name: 'file: scheme', args: sub('file:///etc/passwd'), says: /must use http or https, not "file"/ },
  { name: 'data: scheme', args: sub('data:text/plain,hello'), says: /must use http or https, not "data"/ },
  { name: 'embedded user and password', args: sub('https://user:secret@hooks.example.com/tm'), says: /must not contain credentials/ },
  { name: 'embedded user only', args: sub('https://user@hooks.example.com/tm'), says: /must not contain credentials/ },
  { name: 'a space', args: sub('https://hooks.example.com/my hook'), says: /contains white space or control characters/ },
  { name: 'a newline', args: sub('https://hooks.example.com/a\nb'), says: /contains white space or control characters/ },
  { name: 'over 2,048 characters', args: sub(`https://hooks.example.com/${'a'.repeat(2048)}`), says: /is longer than 2048 characters/ },
  { name: 'empty hook URL', args: sub(''), says: /Hook URL is empty/ },
  { name: 'scheme and nothing else', args: sub('https://'), says: /is not an absolute URL/ },
  { name: 'IPv6 loopback', args: sub('https://[::1]/tm'), says: /points at this machine \(\[::1\]\)/ },
  { name: 'IPv4-mapped IPv6 loopback', args: sub('https://[::ffff:127.0.0.1]/tm'), says: /points at this machine/ },
  { name: '0.0.0.0', args: sub('https://0.0.0.0/tm'), says: /points at a private or local address \(0\.0\.0\.0\)/ },
  { name: 'localhost', args: sub('http://localhost:8080/tm'), says: /points at this machine \(localhost\)/ },
  { name: '127.0.0.1', args: sub('https://127.0.0.1/tm'), says: /points at this machine/ },
  { name: '.local host', args: sub('https://printer.local/tm'), says: /points at a private or local address \(printer\.local\)/ },
  { name: 'private 10/8', args: sub('https://10.0.0.5/tm'), says: /private or local address/ },
  { name: 'private 192.168/16', args: sub('https://192.168.1.10/tm'), says: /private or local address/ },
  { name: 'cloud metadata address', args: sub('http://169.254.169.254/latest'), says: /private or local address/ },
  { name: 'single-label host', args: sub('https://intranet/tm'), says: /private or local address \(intranet\)/ },
  { name: 'no hook URL at all', args: sub(), says: /Missing the hook URL/ },
  // ids
  { name: 'id too short', args: sub(HOOK, '--course', '634fc35d'), says: /course id "634fc35d" is not a TagMango id/ },
  { name: 'id too long', args: sub(HOOK, '--course', `${ID}aa`), says: /is not a TagMango id \(24 hexadecimal characters/ },
  { name: 'id not hex', args: sub(HOOK, '--course', '634fc35ddaf58580e2418zzz'), says: /is not a TagMango id/ },
  { name: 'empty id', args: sub(HOOK, '--course', ''), says: /An id cannot be empty/ },
  { name: 'only commas as ids', args: sub(HOOK, '--course', ',,'), says: /An id cannot be empty/ },
  { name: 'bad id among good ones', args: sub(HOOK, '--course', `${ID},nothex,${ID.replace('0', '1')}`), says: /course id "nothex" is not a TagMango id/ },
  { name: 'mango id not hex', args: sub(HOOK, '--event', 'order.created.completed', '--mango', 'x'.repeat(24)), says: /mango id .* is not a TagMango id/ },
  // events
  { name: 'unknown event', args: sub(HOOK, '--event', 'course.finished'), says: /Unknown event "course\.finished"/ },
  { name: 'event in the wrong case', args: sub(HOOK, '--event', 'Course.Completed.100'), says: /Unknown event "Course\.Completed\.100"/ },
  { name: 'empty event', args: sub(HOOK, '--event', ''), says: /Event is empty/ },
  { name: 'unknown event with --allow-unknown-event but no shape', args: sub(HOOK, '--event', 'Not An Event', '--allow-unknown-event'), says: /Unknown event "Not An Event"/ },
  { name: 'deprecated event with --strict', args: sub(HOOK, '--event', 'course.completed', '--strict'), says: /course\.completed is deprecated \(--strict\)/ },
  // scopes
  { name: 'wrong scope key for the event', args: sub(HOOK, '--mango', ID), says: /course\.completed\.100 is scoped by --course, not --mango/ },
  { name: 'course scope on an order event', args: sub(HOOK, '--event', 'order.created.completed', '--course', ID), says: /is scoped by --mango, not --course/ },
  { name: 'scope on an event that takes none', args: sub(HOOK, '--event', 'user.deleted', '--course', ID), says: /user\.deleted takes no scope/ },
  { name: 'two scope keys', args: sub(HOOK, '--course', ID, '--mango', ID), says: /Only one scope key may be given, not course and mango/ },
  // options
  { name: '--concurrency 0', args: sub(HOOK, '--concurrency', '0'), says: /Invalid value "0" for --concurrency\./ },
  { name: '--concurrency -1', args: sub(HOOK, '--concurrency', '-1'), says: /Invalid value "-1" for --concurrency\./ },
  { name: '--concurrency abc', args: sub(HOOK, '--concurrency', 'abc'), says: /Invalid value "abc" for --concurrency\./ },
  { name: '--concurrency 1.5', args: sub(HOOK, '--concurrency', '1.5'), says: /Invalid value "1\.5" for --concurrency\./ },
  { name: '--timeout abc', args: ['--timeout', 'abc', ...sub(HOOK)], says: /Invalid value "abc" for --timeout\./ },
  { name: '--timeout 0', args: ['--timeout', '0', ...sub(HOOK)], says: /Invalid value "0" for --timeout\./ },
  { name: '--retries 99', args: ['--retries', '99', ...sub(HOOK)], says: /Invalid value "99" for --retries\./ },
  { name: '--retries -1', args: ['--retries', '-1', ...sub(HOOK)], says: /Invalid value "-1" for --retries\./ },
  { name: '--api-url not a URL', args: ['--api-url', 'not a url', ...sub(HOOK)], says: /--api-url "not a url" is not a URL/ },
  { name: '--api-url with credentials', args: ['--api-url', 'https://u:p@api.example.com', ...sub(HOOK)], says: /--api-url must not contain credentials/ },
  { name: 'invalid profile name', args: ['--profile', 'bad name!', ...sub(HOOK)], says: /Invalid profile name "bad name!"/ },
  { name: 'unknown option', args: sub(HOOK, '--bogus'), says: /Unknown option '--bogus'/ },
  { name: 'unknown command', args: ['subscirbe', HOOK], says: /Unknown command 'subscirbe'/ },
  { name: 'unknown config key', args: ['config', 'set', 'colour', 'red'], says: /Unknown config key "colour"/ },
  { name: 'config get unknown key', args: ['config', 'get', 'token'], says: /Unknown config key "token"/ },
  { name: 'config timeout not a number', args: ['config', 'set', 'timeout', 'soon'], says: /Invalid value "soon" for timeout\./ },
  { name: 'config retries out of range', args: ['config', 'set', 'retries', '11'], says: /Invalid value "11" for retries\./ },
  { name: 'config api-url not http', args: ['config', 'set', 'api-url', 'ftp://api.example.com'], says: /api-url must be an http\(s\) URL/ },
  // keys
  { name: 'empty key on stdin', args: ['login'], input: '\n', says: /The API key from stdin is empty/ },
  { name: 'key with a space inside', args: ['login'], input: 'tm_abc def_0123456789\n', says: /contains white space or control characters/ },
  { name: 'key that is not ASCII', args: ['login'], input: 'tm_clé_0123456789abcdef\n', says: /not printable ASCII/ },
  { name: 'non-ASCII key in TAGMANGO_API_KEY', args: ['--api-url', 'http://tagmango.test', 'subscribe', HOOK], input: '', says: /from TAGMANGO_API_KEY contains characters that are not printable ASCII/ },
  { name: 'config unset unknown key', args: ['config', 'unset', 'apiKey'], says: /Unknown config key "apiKey"/ },
];

const FILE_CASES: BadCase[] = [
  { name: 'file missing', args: sub('--from-file', 'missing.json'), says: /The file missing\.json does not exist\./ },
  { name: 'file empty', args: sub('--from-file', 'empty.json'), says: /empty\.json holds no registrations\./, files: { 'empty.json': '' } },
  { name: 'file is a directory', args: sub('--from-file', 'folder'), says: /The file folder is a directory\./, files: { 'folder/keep': 'x' } },
  { name: 'file invalid JSON', args: sub('--from-file', 'bad.json'), says: /bad\.json is not valid JSON/, files: { 'bad.json': '[{"hookUrl": "https://hooks.example.com/a",' } },
  { name: 'CSV without header', args: sub('--from-file', 'rows.csv'), says: /The header row of rows\.csv has unknown columns/, files: { 'rows.csv': `https://hooks.example.com/a,course.completed.100,${ID}\n` } },
  {
    name: 'bad row in the middle',
    args: sub('--from-file', 'rows.csv'),
    says: /Hook URL in row 2 \(line 3\) of rows\.csv must use http or https, not "ftp"\./,
    files: { 'rows.csv': `hookUrl,event,course\nhttps://hooks.example.com/a,course.completed.100,${ID}\nftp://bad,course.completed.100,${ID}\nhttps://hooks.example.com/c,course.completed.100,${ID}\n` },
  },
];

let fake: FakeTagMango;
let template: string;

beforeAll(async () => {
  fake = await startFakeTagMango({ apiKey: KEY });
  // A home with a stored key and a registry holding one record, so "unchanged" covers both files.
  template = tempHome();
  const env = baseEnv(template);
  expect((await runCliInProcess(['login'], { env, input: `${KEY}\n` })).code).toBe(0);
  fake.expect(1);
  expect((await runCliInProcess(['subscribe', HOOK, '--course', ID], { env: { ...env, TAGMANGO_API_URL: fake.url } })).code).toBe(0);
  fake.requests.length = 0;
});
afterAll(async () => {
  await fake.close();
  fs.rmSync(template, { recursive: true, force: true });
});

async function expectRefused(c: BadCase): Promise<void> {
  const home = tempHome();
  fs.cpSync(template, home, { recursive: true });
  for (const [file, text] of Object.entries(c.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(home, 'work', file)), { recursive: true });
    fs.writeFileSync(path.join(home, 'work', file), text);
  }
  fs.mkdirSync(path.join(home, 'work'), { recursive: true });
  const before = checksumFiles(home);
  const proxy = await startFakeTagMango();
  try {
    // The API URL is not loopback (so private hook URLs are judged), and any request would reach
    // the counting proxy instead of a real name: nothing is resolved, everything sent is seen.
    const env = baseEnv(home, { TAGMANGO_API_URL: 'http://tagmango.test', HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url });
    if (c.name.includes('TAGMANGO_API_KEY')) env.TAGMANGO_API_KEY = 'tm_ключ_0123456789';
    const result = await runCliInProcess(c.args, { env, cwd: path.join(home, 'work'), ...(c.input !== undefined ? { input: c.input } : {}) });
    expect(result.code, result.stderr).toBe(2);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^error: \S.*[.?)]$/);
    expect(lines[0]).toMatch(c.says);
    expect(lines.length).toBeLessThanOrEqual(2);
    expect(result.stderr).not.toMatch(/\n\s+at |Error:/);
    expect(result.stdout).toBe('');
    expect(proxy.requests).toHaveLength(0);
    expect(proxy.connections()).toBe(0);
    expect(fake.requests).toHaveLength(0);
    expect(checksumFiles(home)).toEqual(before);
  } finally {
    await proxy.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
}

describe('hostile and mistaken input: exit 2, one sentence, nothing sent, nothing changed', () => {
  it('has at least 40 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });
  for (const c of CASES) it.concurrent(c.name, () => expectRefused(c));
  for (const c of FILE_CASES) it.concurrent(`--from-file: ${c.name}`, () => expectRefused(c));
});

describe('an internationalised domain is valid', () => {
  it('is accepted and sent in punycode', async () => {
    const home = tempHome();
    fake.expect(1);
    try {
      const result = await runCliInProcess(['subscribe', 'https://bücher.example/tm', '--course', ID], {
        env: baseEnv(home, { TAGMANGO_API_KEY: KEY, TAGMANGO_API_URL: fake.url }),
      });
      expect(result.code, result.stderr).toBe(0);
      expect(fake.requests.map((r) => r.json)).toEqual([{ hookUrl: 'https://xn--bcher-kva.example/tm', event: 'course.completed.100', course: ID }]);
    } finally {
      fake.requests.length = 0;
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('input echoed in an error is escaped', () => {
  it('sends no terminal escape or line break to stderr, whichever command echoes it', async () => {
    const home = tempHome();
    const esc = '\u001b[2J';
    fs.mkdirSync(path.join(home, 'work'), { recursive: true });
    fs.writeFileSync(path.join(home, 'work', 'bad.csv'), `hookUrl,col${esc}\n${HOOK},1\n`);
    const runs = [
      { args: ['forget', `wh_${esc}`, '--yes'], says: 'No record with id "wh_\\u001b[2J"' },
      { args: ['trigger', 'user.deleted', '--to', 'http://127.0.0.1:9/hook', '--set', `x${esc}`], says: '--set "x\\u001b[2J" is not key=value.' },
      { args: ['trigger', 'user.deleted', '--to', 'http://127.0.0.1:9/hook', '--set', `phone=1\n2`], says: '--set phone=1\\u000a2: phone must be a number.' },
      { args: ['listen', '--port', esc], says: '--port "\\u001b[2J" is not a port number.' },
      { args: ['completion', esc], says: 'Unknown shell "\\u001b[2J".' },
      { args: ['subscribe', '--from-file', 'bad.csv', '--dry-run'], says: 'unknown column "col\\u001b[2J"' },
    ];
    try {
      for (const run of runs) {
        const result = await runCliInProcess(run.args, { env: baseEnv(home, { TAGMANGO_API_KEY: KEY }), cwd: path.join(home, 'work') });
        expect(result.code, result.stderr).toBe(2);
        expect(result.stderr).toContain(run.says);
        expect(result.stderr).not.toContain('\u001b');
        expect(result.stderr.trimEnd().split('\n')).toHaveLength(2);
      }
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
