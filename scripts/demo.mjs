#!/usr/bin/env node
// Offline quick start: a sandbox TagMango and a listener on free ports, a throw-away home,
// register -> migrate -> fire -> delivery, then everything stops. No TTY, no network needed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bin = path.join(root, 'bin', 'tagmango-hooks.cjs');
const COURSE = '634fc35ddaf58580e2418c40';
const KEY = 'sandbox-demo-key-0001';
const LIMIT_MS = 60_000;

if (!fs.existsSync(path.join(root, 'dist', 'bundle', 'cli.js'))) {
  console.error('dist/ is missing: run `npm run build` and try again.');
  process.exit(1);
}

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'tagmango-hooks-demo-'));
const env = { ...process.env, TAGMANGO_HOOKS_HOME: home };
for (const name of ['TAGMANGO_API_KEY', 'TAGMANGO_API_URL', 'TAGMANGO_PROFILE', 'TAGMANGO_HOOKS_REGISTRY']) delete env[name];
const servers = [];
const say = (text) => process.stdout.write(`${text}\n`);
const indent = (text) => text.trimEnd().split('\n').filter(Boolean).map((l) => `    ${l}`).join('\n');

/** Start a long-running command with --json and resolve with its readiness line. */
function startServer(name, args) {
  const child = spawn(process.execPath, [bin, ...args, '--port', '0', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const server = { name, child, lines: [], stderr: '', waiters: [] };
  let partial = '';
  child.stdout.on('data', (chunk) => {
    partial += chunk.toString();
    let nl;
    while ((nl = partial.indexOf('\n')) >= 0) {
      const line = partial.slice(0, nl);
      partial = partial.slice(nl + 1);
      let json;
      try {
        json = JSON.parse(line);
      } catch {
        continue;
      }
      server.lines.push(json);
      for (const w of [...server.waiters]) if (w.test(json)) (server.waiters.splice(server.waiters.indexOf(w), 1), w.resolve(json));
    }
  });
  child.stderr.on('data', (chunk) => (server.stderr += chunk.toString()));
  server.exited = new Promise((resolve) => child.on('close', (code) => resolve(code)));
  server.waitFor = (test) =>
    new Promise((resolve, reject) => {
      const seen = server.lines.find(test);
      if (seen) return resolve(seen);
      server.waiters.push({ test, resolve });
      server.exited.then((code) => reject(new Error(`${name} exited (${code}) early: ${server.stderr.trim()}`)));
    });
  servers.push(server);
  return server.waitFor((l) => l.type === 'listening').then((ready) => ({ ...server, ready }));
}

/** Run one CLI command, show it and its output; fail the demo on an unexpected exit code. */
function step(title, args, input = '') {
  say(`\n${title}\n  $ tagmango-hooks ${args.join(' ')}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c.toString()));
    child.stderr.on('data', (c) => (stderr += c.toString()));
    child.stdin.end(input);
    child.on('close', (code) => {
      // Warnings and plans (stderr) come before results (stdout) when the CLI runs, so show them first.
      if (stderr.trim()) say(indent(stderr));
      if (stdout.trim()) say(indent(stdout));
      if (code === 0) resolve(stdout);
      else reject(new Error(`\`tagmango-hooks ${args[0]}\` exited with ${code}.`));
    });
  });
}

async function stopAll() {
  for (const s of servers) if (s.child.exitCode === null) s.child.kill('SIGINT');
  return Promise.all(servers.map((s) => s.exited));
}

async function demo() {
  say('tagmango-hooks demo: everything runs on 127.0.0.1 with a temporary home; nothing reaches TagMango.');
  const sandbox = await startServer('sandbox', ['sandbox']);
  const listener = await startServer('listener', ['listen']);
  say(`  sandbox TagMango API: ${sandbox.ready.url}`);
  say(`  receiver (listen):    ${listener.ready.url}`);

  await step('1. Log in with a sandbox key (read from stdin; only ever shown masked)', ['login'], `${KEY}\n`);
  await step('2. Point the CLI at the sandbox', ['config', 'set', 'api-url', sandbox.ready.url]);
  await step('3. Register the receiver for the deprecated course.completed event (note the warning)', ['subscribe', listener.ready.url, '--event', 'course.completed', '--course', COURSE]);
  await step('4. Move it to course.completed.100', ['migrate', '--yes']);

  const held = await (await fetch(`${sandbox.ready.url}/__sandbox/registrations`)).json();
  const successor = held.result.filter((r) => r.event === 'course.completed.100' && r.hookUrl === listener.ready.url);
  if (successor.length !== 1) throw new Error('After migrate the sandbox should hold one course.completed.100 registration for the receiver.');
  say(`    The sandbox now holds: ${held.result.map((r) => r.event).join(', ')}`);

  await step('5. Make the sandbox deliver course.completed.100 for that course', ['sandbox', 'fire', 'course.completed.100', '--course', COURSE, '--port', String(sandbox.ready.port)]);
  const delivery = await listener.waitFor((l) => l.type === 'delivery');
  say('\n6. The receiver got it:');
  say(`    ${delivery.time}  ${delivery.label}  email=${delivery.body.email} courseId=${delivery.body.courseId}  ${delivery.valid ? 'valid payload' : 'INVALID payload'}`);
  if (!delivery.valid || delivery.body.courseId !== COURSE) throw new Error('The delivery does not carry the expected course payload.');
}

const timer = setTimeout(() => {
  console.error(`The demo did not finish within ${LIMIT_MS / 1000} s.`);
  void stopAll().then(() => process.exit(1));
}, LIMIT_MS);

try {
  await demo();
  const codes = await stopAll();
  if (codes.some((c) => c !== 0)) throw new Error(`A server did not stop cleanly (exit codes ${codes.join(', ')}).`);
  say('\nDone: sandbox and receiver stopped. Try it yourself: tagmango-hooks sandbox, tagmango-hooks listen, tagmango-hooks --help');
  process.exitCode = 0;
} catch (error) {
  console.error(`\ndemo failed: ${error.message}`);
  for (const s of servers) if (s.stderr.trim()) console.error(`${s.name} said:\n${indent(s.stderr)}`);
  await stopAll();
  process.exitCode = 1;
} finally {
  clearTimeout(timer);
  fs.rmSync(home, { recursive: true, force: true });
}
