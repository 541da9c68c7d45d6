// The CLI against a running stack: one-string commands, -o json, fleet, paging, contexts,
// key commands, connection errors and live shell completion.
import { createServer } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from '../harness/kubectl.js';
import { startStack, type Stack } from '../harness/stack.js';
import { CLI, porthole, runProgram } from './run.js';

let stack: Stack;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'porthole-cli-gateway-'));
  stack = await startStack({ clusters: ['alpha', 'beta'] });
  await Promise.all([stack.startAgent('alpha'), stack.startAgent('beta')]);
  env = { PORTHOLE_URL: stack.apiUrl, PORTHOLE_API_KEY: stack.apiKey, HOME: dir };
}, 180_000);
afterAll(async () => {
  await stack?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('exec', () => {
  it('takes the command as one argument, pipe stages included, or as words', async () => {
    const reference = await kubectl(stack.kubeconfig, ['get', 'deploy', '-n', 'default']);
    expect(reference.exitCode).toBe(0);
    const [oneString, words, dashes] = await Promise.all([
      porthole(['exec', 'alpha', 'get deploy -n default'], env),
      porthole(['exec', 'alpha', 'get', 'deploy', '-n', 'default'], env),
      porthole(['exec', 'alpha', '--', 'get', 'deploy', '-n', 'default'], env),
    ]);
    for (const ran of [oneString, words, dashes])
      expect(ran).toEqual({ stdout: reference.stdout, stderr: '', code: 0 });
    const lines = reference.stdout.split('\n').filter(Boolean).length;
    const counted = await porthole(['exec', 'alpha', 'get deploy -n default | wc -l'], env);
    expect(counted).toEqual({ stdout: `${lines}\n`, stderr: '', code: 0 });
  });

  it('leaves kubectl its own -o after the cluster, and takes porthole -o json before it', async () => {
    const reference = await kubectl(stack.kubeconfig, ['get', 'ns', '-o', 'name']);
    const own = await porthole(['exec', 'alpha', 'get', 'ns', '-o', 'name'], env);
    expect(own.stdout).toBe(reference.stdout);
    const json = await porthole(
      ['exec', '-o', 'json', 'alpha', '--', 'get', 'ns', '-o', 'name'],
      env,
    );
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      clusterId: 'alpha',
      command: ['get', 'namespaces', '-o', 'name'],
      status: 'succeeded',
      exitCode: 0,
      output: reference.stdout,
      nextCursor: null,
    });
    const missing = await porthole(['exec', '-o', 'json', 'alpha', 'get', 'pod', 'nope'], env);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toMatchObject({
      status: 'failed',
      error: 'Error from server (NotFound): pods "nope" not found',
    });
  });

  it('reads a large output page by page, byte for byte', async () => {
    const whole = await porthole(['exec', 'alpha', 'get pods -A -o yaml'], env);
    expect(whole.code).toBe(0);
    // About ten pages: enough to follow nextCursor, few enough for the rate limit.
    const pageSize = String(Math.ceil(Buffer.byteLength(whole.stdout) / 10));
    const paged = await porthole(
      ['exec', '--page-size', pageSize, 'alpha', 'get pods -A -o yaml'],
      env,
    );
    expect(paged).toEqual(whole);
    const json = await porthole(
      ['exec', '-o', 'json', '--page-size', pageSize, 'alpha', 'get pods -A -o yaml'],
      env,
    );
    expect(JSON.parse(json.stdout)).toMatchObject({ output: whole.stdout, nextCursor: null });
  });

  it('waits out a rate limit between pages instead of losing the rest', async () => {
    // A replica allowing 20 requests a minute, used with the admin key (a bucket of its own).
    const strict = await stack.startReplica({ PORTHOLE_RATE_LIMIT_PER_MINUTE: '20' });
    const whole = await porthole(['exec', 'alpha', 'get pods -A -o yaml'], env);
    const pageSize = String(Math.ceil(Buffer.byteLength(whole.stdout) / 30));
    const paged = await porthole(
      ['exec', '--page-size', pageSize, 'alpha', 'get pods -A -o yaml'],
      {
        ...env,
        PORTHOLE_URL: strict.url,
        PORTHOLE_API_KEY: stack.adminKey,
      },
    );
    expect(paged).toEqual(whole);
    // The limit was reached on the way: the strict replica refused at least one page.
    expect(await strict.metrics()).toMatch(/^porthole_rate_limited_total\{[^}]*\} [1-9]/m);
    await strict.proc.stop();
  }, 180_000);

  it('maps refusals to documented exit codes, with -o json for scripts', async () => {
    const denied = await porthole(['exec', '-o', 'json', 'alpha', 'get', 'secrets'], env);
    expect(denied.code).toBe(4);
    expect(JSON.parse(denied.stdout)).toMatchObject({ error: { code: 'command_denied' } });
    const unknown = await porthole(['exec', 'gamma', 'get', 'ns'], env);
    expect(unknown.code).toBe(6);
    expect(unknown.stderr).toMatch(/^porthole: cluster_not_found: /);
    const shell = await porthole(['exec', 'alpha', 'get pods; rm -rf /'], env);
    expect(shell.code).toBe(2);
    expect(shell.stderr).toMatch(/^porthole: invalid_request: /);
  });
});

describe('fleet', () => {
  it('runs one command on every cluster a glob matches, a section each', async () => {
    const reference = await kubectl(stack.kubeconfig, ['get', 'ns']);
    const ran = await porthole(['fleet', '*', '--', 'get', 'ns'], env);
    expect(ran).toEqual({
      stdout: `== alpha ==\n${reference.stdout}== beta ==\n${reference.stdout}`,
      stderr: '',
      code: 0,
    });
    const json = await porthole(['fleet', '-o', 'json', 'b*', 'get ns'], env);
    expect(JSON.parse(json.stdout)).toMatchObject({
      results: [{ clusterId: 'beta', status: 'succeeded', output: reference.stdout }],
    });
  });

  it('reports each cluster that gave no result, and exits with the first failure', async () => {
    const ran = await porthole(['fleet', 'alpha,nope', '--', 'get', 'ns', '-o', 'name'], env);
    expect(ran.code).toBe(6);
    expect(ran.stdout).toMatch(/^== alpha ==\n(namespace\/[a-z-]+\n)+== nope ==\n$/);
    expect(ran.stderr).toMatch(/^porthole: nope: cluster_not_found: /);
  });
});

describe('contexts and keys', () => {
  const configFile = () => join(dir, 'config.yaml');
  const keyHelper = () => join(dir, 'print-key.mjs');
  beforeAll(() => {
    writeFileSync(keyHelper(), `process.stdout.write(${JSON.stringify(stack.apiKey)} + '\\n');\n`);
    writeFileSync(
      configFile(),
      [
        'currentContext: lab',
        'contexts:',
        '  lab:',
        `    url: ${stack.apiUrl}`,
        `    keyCommand: [${JSON.stringify(process.execPath)}, ${JSON.stringify(keyHelper())}]`,
        '    cluster: beta',
        '  stale:',
        `    url: ${stack.apiUrl}`,
        '    key: phk_this_key_is_not_known_here',
        '  broken:',
        `    url: ${stack.apiUrl}`,
        `    keyCommand: ${process.execPath} -e "process.exit(9)"`,
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
  });
  const withConfig = () => ({ PORTHOLE_CONFIG: configFile(), HOME: dir });

  it('uses the current context, its key command and its default cluster', async () => {
    const reference = await kubectl(stack.kubeconfig, ['get', 'ns']);
    const ran = await porthole(['exec', '--', 'get', 'ns'], withConfig());
    expect(ran).toEqual({ stdout: reference.stdout, stderr: '', code: 0 });
    const json = await porthole(['exec', '-o', 'json', '--', 'get', 'ns'], withConfig());
    expect(JSON.parse(json.stdout)).toMatchObject({ clusterId: 'beta' });
  });

  it('switches contexts with --context and use-context; env overrides the current one', async () => {
    const stale = await porthole(['clusters', '--context', 'stale'], withConfig());
    expect(stale.code).toBe(3);
    expect(stale.stderr).toMatch(/^porthole: unauthenticated: /);
    expect(stale.stderr + stale.stdout).not.toContain('phk_this_key_is_not_known_here');
    expect(await porthole(['use-context', 'stale'], withConfig())).toMatchObject({ code: 0 });
    expect((await porthole(['clusters'], withConfig())).code).toBe(3);
    // The environment's URL and key win over the current context…
    const overridden = await porthole(['clusters', '-o', 'name'], { ...withConfig(), ...env });
    expect(overridden).toEqual({ stdout: 'alpha\nbeta\n', stderr: '', code: 0 });
    // …and --context wins over the environment.
    expect(
      (await porthole(['--context', 'stale', 'clusters'], { ...withConfig(), ...env })).code,
    ).toBe(3);
    expect(await porthole(['use-context', 'lab'], withConfig())).toMatchObject({ code: 0 });
    expect((await porthole(['clusters', '-o', 'name'], withConfig())).stdout).toBe('alpha\nbeta\n');
  });

  it('explains a key command that fails, exit 3', async () => {
    const ran = await porthole(['clusters', '--context', 'broken'], withConfig());
    expect(ran.code).toBe(3);
    expect(ran.stderr).toBe(
      `porthole: keyCommand ${JSON.stringify(process.execPath)} failed (exit code 9)\n`,
    );
  });
});

it('names the URL it cannot reach, never the key, exit 5', async () => {
  // A port that was free a moment ago: nothing listens there.
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const ran = await porthole(['clusters'], {
    PORTHOLE_URL: url,
    PORTHOLE_API_KEY: 'phk_not_shown',
  });
  expect(ran).toEqual({
    stdout: '',
    stderr: `porthole: cannot reach ${url}: ECONNREFUSED\n`,
    code: 5,
  });
  const json = await porthole(['exec', '-o', 'json', 'alpha', 'get ns'], {
    PORTHOLE_URL: `${url}/`,
    PORTHOLE_API_KEY: 'phk_not_shown',
  });
  expect(json.code).toBe(5);
  expect(JSON.parse(json.stdout)).toEqual({
    error: { code: 'unreachable', message: `cannot reach ${url}: ECONNREFUSED` },
  });
  // A password in the URL is refused before anything is sent, and never echoed.
  const userinfo = await porthole(['clusters'], {
    PORTHOLE_URL: `http://user:pw-secret@127.0.0.1:${port}/`,
    PORTHOLE_API_KEY: 'phk_not_shown',
  });
  expect(userinfo).toEqual({
    stdout: '',
    stderr: 'porthole: PORTHOLE_URL must not hold a user name or password\n',
    code: 2,
  });
});

it('completes cluster ids live in bash', async () => {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  symlinkSync(CLI, join(bin, 'porthole'));
  const script = (await porthole(['completion', 'bash'], env)).stdout;
  writeFileSync(join(dir, 'porthole.bash'), script);
  const ran = await runProgram(
    'bash',
    [
      '-c',
      `source "$1"; COMP_WORDS=(porthole exec ''); COMP_CWORD=2; _porthole; printf '%s\\n' "\${COMPREPLY[@]}"`,
      'bash',
      join(dir, 'porthole.bash'),
    ],
    { ...env, PATH: `${bin}:${process.env.PATH}` },
  );
  expect(ran).toEqual({ stdout: 'alpha\nbeta\n', stderr: '', code: 0 });
});
