// The `porthole` CLI against a running stack: kubectl's output, documented exit codes, refusals explained.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { kubectl } from './harness/kubectl.js';
import { REPO_ROOT } from './harness/process.js';
import { startStack, type Stack } from './harness/stack.js';

const run = promisify(execFile);
let stack: Stack;

beforeAll(async () => {
  // A small output budget, so the truncation path is exercised end to end.
  stack = await startStack({ clusters: ['alpha'], apiEnv: { PORTHOLE_MAX_OUTPUT_BYTES: '4096' } });
  await stack.startAgent('alpha');
});
afterAll(() => stack?.close());

async function porthole(
  args: string[],
  key = stack.apiKey,
): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['packages/cli/dist/main.js', ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, PORTHOLE_URL: stack.apiUrl, PORTHOLE_API_KEY: key },
    });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

it('lists clusters', async () => {
  const { stdout, code } = await porthole(['clusters']);
  expect(code).toBe(0);
  expect(stdout).toMatch(/^CLUSTER +STATUS +KUBERNETES +LAST SEEN\nalpha +connected +v1\.35\.0 /);
});

it('prints what kubectl prints, with its exit code', async () => {
  const [ours, reference] = await Promise.all([
    porthole(['exec', 'alpha', '--', 'get', 'deploy', '-n', 'default']),
    kubectl(stack.kubeconfig, ['get', 'deploy', '-n', 'default']),
  ]);
  expect(ours).toEqual({ stdout: reference.stdout, stderr: '', code: 0 });
  const missing = await porthole(['exec', 'alpha', 'get', 'pod', 'nope']);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
});

it('explains refusals and bad usage without echoing the key', async () => {
  const denied = await porthole(['exec', 'alpha', 'delete', 'pod', 'x']);
  expect(denied.code).toBe(4);
  expect(denied.stderr).toMatch(/^porthole: command_denied: verb "delete" is not allowed/);
  const unauth = await porthole(['clusters'], 'wrong-key-0123456789');
  expect(unauth.code).toBe(3);
  expect(unauth.stderr).toContain('unauthenticated');
  expect(unauth.stderr).not.toContain('wrong-key-0123456789');
  expect((await porthole(['exec'])).code).toBe(2);
  expect((await porthole(['frobnicate'])).code).toBe(2);
});

it('caps long output in the agent: head and tail kept, a hint, truncated, whole characters', async () => {
  const res = await stack.call('POST', '/v1/clusters/alpha/exec', {
    command: 'get pods -A -o yaml',
  });
  expect(res.status).toBe(200);
  const result = res.json as { output: string; truncated: boolean; outputBytes: number };
  expect(result.truncated).toBe(true);
  expect(Buffer.byteLength(result.output)).toBeLessThanOrEqual(4096);
  expect(result.outputBytes).toBeGreaterThan(4096);
  expect(result.output.startsWith('apiVersion: v1\nitems:\n')).toBe(true);
  expect(result.output).toContain('narrow the query');
  expect(result.output.endsWith('  resourceVersion: ""\n')).toBe(true);
  expect(result.output).not.toContain('\ufffd');
  const cli = await porthole(['exec', 'alpha', 'get', 'pods', '-A', '-o', 'yaml']);
  expect(cli.stderr).toContain('output was truncated');
});
