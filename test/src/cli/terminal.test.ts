// The spinner in a real pseudo terminal (tmux): drawn on stderr while the CLI waits on a TTY,
// erased before the output, and never written when stderr is a pipe.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { kubectl } from '../harness/kubectl.js';
import { startStack, type Stack } from '../harness/stack.js';
import { CLI } from './run.js';

const run = promisify(execFile);
const TMUX = '/usr/bin/tmux';
const FRAME = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] waiting for alpha…/;
const socket = `porthole-cli-${randomBytes(4).toString('hex')}`;
let stack: Stack;
let dir: string;

const tmux = (...args: string[]) =>
  run(TMUX, ['-u', '-L', socket, ...args], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LANG: 'C.UTF-8',
      TERM: 'xterm-256color',
    },
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'porthole-cli-tty-'));
  // Presence outlives the stopped agent, so commands queue for the next one instead of failing.
  stack = await startStack({ clusters: ['alpha'], offlineAfterSeconds: 600 });
  await stack.startAgent('alpha');
}, 180_000);
afterAll(async () => {
  await tmux('kill-server').catch(() => undefined);
  await stack?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Poll `read` until `done` holds; the deadline only turns a hang into a message. */
async function until<T>(read: () => Promise<T> | T, done: (v: T) => boolean, what: string) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last: ${String(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Start `shellLine` in a fresh tmux window with the agent stopped, so the CLI has to wait;
 * every byte the terminal receives is recorded. Returns the screen and the recording after the
 * agent came back and the command ended.
 */
async function runWhileAgentAway(
  name: string,
  shellLine: string,
  whileWaiting: () => Promise<void>,
) {
  const script = join(dir, `${name}.sh`);
  const raw = join(dir, `${name}.raw`);
  writeFileSync(
    script,
    [
      `export PORTHOLE_URL='${stack.apiUrl}' PORTHOLE_API_KEY='${stack.apiKey}'`,
      shellLine,
      'echo "porthole exited with $?"',
      'exec sleep 3600',
      '',
    ].join('\n'),
  );
  await stack.agents.get('alpha')?.stop();
  // A shell first, so the recording is on before the CLI writes anything.
  await tmux('new-session', '-d', '-s', name, '-x', '150', '-y', '40', 'sh');
  await tmux('pipe-pane', '-o', '-t', name, `cat >> '${raw}'`);
  await tmux('send-keys', '-t', name, `sh '${script}'`, 'Enter');
  await whileWaiting();
  await stack.startAgent('alpha');
  const screen = await until(
    async () => (await tmux('capture-pane', '-p', '-t', name)).stdout,
    (s) => s.includes('porthole exited with'),
    `${name} to finish`,
  );
  const recording = await until(
    () => (existsSync(raw) ? readFileSync(raw, 'utf8') : ''),
    (r) => r.includes('porthole exited with'),
    `${name}'s recording`,
  );
  return { screen, recording };
}

it('shows a spinner on a terminal while the gateway waits, and erases it', async () => {
  const reference = await kubectl(stack.kubeconfig, ['get', 'ns']);
  const { screen, recording } = await runWhileAgentAway(
    'tty',
    `node '${CLI}' exec --timeout 120 alpha -- get ns`,
    async () => {
      await until(
        async () => (await tmux('capture-pane', '-p', '-t', 'tty')).stdout,
        (s) => FRAME.test(s),
        'the spinner on the screen',
      );
    },
  );
  expect(screen).toContain('porthole exited with 0');
  expect(screen).not.toMatch(FRAME);
  // The table follows the erased spinner line (the terminal turns \n into \r\n).
  expect(recording).toContain(`\r\x1b[K${reference.stdout.replace(/\n/g, '\r\n')}`);
}, 240_000);

it('writes no spinner when stderr is a pipe, even on a terminal', async () => {
  const reference = await kubectl(stack.kubeconfig, ['get', 'ns']);
  const { screen, recording } = await runWhileAgentAway(
    'pipe',
    `node '${CLI}' exec --timeout 120 alpha -- get ns 2>&1 | cat`,
    () => Promise.resolve(),
  );
  expect(screen).toContain('porthole exited with 0');
  expect(recording).toContain(reference.stdout.replace(/\n/g, '\r\n'));
  expect(recording).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
  expect(recording).not.toContain('waiting for');
}, 240_000);
