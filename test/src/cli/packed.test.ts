// The CLI as users install it: `npm pack` of the workspace installed into a temp prefix with no
// registry, run as `porthole` and through the real kubectl's plugin lookup (`kubectl porthole`).
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { kubectl } from '../harness/kubectl.js';
import { REPO_ROOT } from '../harness/process.js';
import { startStack, type Stack } from '../harness/stack.js';
import { runProgram } from './run.js';

const KUBECTL = '/usr/bin/kubectl';
const cliDir = join(REPO_ROOT, 'packages/cli');
const { version } = JSON.parse(readFileSync(join(cliDir, 'package.json'), 'utf8')) as {
  version: string;
};
let dir: string;
let prefix: string;
let stack: Stack;
/** PATH with the installed bin first, HOME without a kubeconfig. */
let userEnv: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'porthole-cli-packed-'));
  prefix = join(dir, 'prefix');
  // npm's own env vars would point it at the repo; a user's shell has none of them.
  const npmEnv = { HOME: process.env.HOME, npm_config_update_notifier: 'false' };
  const packed = await runProgram('npm', ['pack', '--json', '--pack-destination', dir], npmEnv, {
    cwd: cliDir,
    timeoutMs: 240_000,
  });
  expect(packed.code, packed.stderr).toBe(0);
  const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
  // --offline: the tarball must install with no registry at all.
  const installed = await runProgram(
    'npm',
    [
      'install',
      '-g',
      '--offline',
      '--no-audit',
      '--no-fund',
      '--prefix',
      prefix,
      join(dir, filename),
    ],
    npmEnv,
    { cwd: dir, timeoutMs: 240_000 },
  );
  expect(installed.code, installed.stderr).toBe(0);
  userEnv = { PATH: `${join(prefix, 'bin')}:${process.env.PATH}`, HOME: dir };
  stack = await startStack({ clusters: ['alpha'] });
  await stack.startAgent('alpha');
}, 300_000);
afterAll(async () => {
  await stack?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('installs self-contained: two executables, no dependency folder', () => {
  expect(readdirSync(join(prefix, 'bin')).sort()).toEqual(['kubectl-porthole', 'porthole']);
  const pkg = join(prefix, 'lib/node_modules/@porthole/cli');
  expect(existsSync(join(pkg, 'node_modules'))).toBe(false);
  expect(readFileSync(join(pkg, 'dist/THIRD-PARTY-LICENSES.txt'), 'utf8')).toMatch(/^commander@/);
});

it('prints its version as porthole and as kubectl porthole', async () => {
  expect(await runProgram(join(prefix, 'bin/porthole'), ['--version'], userEnv)).toEqual({
    stdout: `${version}\n`,
    stderr: '',
    code: 0,
  });
  expect(await runProgram(KUBECTL, ['porthole', '--version'], userEnv)).toEqual({
    stdout: `${version}\n`,
    stderr: '',
    code: 0,
  });
  const help = await runProgram(KUBECTL, ['porthole', '--help'], userEnv);
  expect(help.stdout).toMatch(/^Usage: kubectl porthole /);
  expect(help.stdout).toContain('Exit codes:');
}, 120_000);

it('runs kubectl porthole CLUSTER COMMAND against a gateway, exit codes included', async () => {
  const env = { ...userEnv, PORTHOLE_URL: stack.apiUrl, PORTHOLE_API_KEY: stack.apiKey };
  const reference = await kubectl(stack.kubeconfig, ['get', 'ns']);
  expect(await runProgram(KUBECTL, ['porthole', 'alpha', 'get', 'ns'], env)).toEqual({
    stdout: reference.stdout,
    stderr: '',
    code: 0,
  });
  expect(await runProgram(KUBECTL, ['porthole', 'clusters', '-o', 'name'], env)).toEqual({
    stdout: 'alpha\n',
    stderr: '',
    code: 0,
  });
  expect(await runProgram('porthole', ['exec', 'alpha', 'get ns'], env)).toEqual({
    stdout: reference.stdout,
    stderr: '',
    code: 0,
  });
  const denied = await runProgram(KUBECTL, ['porthole', 'alpha', 'delete', 'ns', 'default'], env);
  expect(denied.code).toBe(4);
  expect(denied.stderr).toMatch(/^kubectl porthole: command_denied: /);
}, 120_000);
