import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, requireKubectl, rows } from './testing/kubectl.js';

// The CLI is tested as users run it: the built dist/main.js (turbo builds before it tests).
const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function start(args: string[]): {
  child: ChildProcess;
  exit: Promise<Exit>;
  firstLine: Promise<string>;
} {
  const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let resolveLine: (line: string) => void = () => undefined;
  const firstLine = new Promise<string>((resolve) => (resolveLine = resolve));
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.includes('\n')) resolveLine(stdout.split('\n')[0] ?? '');
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<Exit>((resolve) => {
    child.on('exit', (code, signal) => {
      resolveLine('');
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, exit, firstLine };
}

let dir: string;
beforeAll(() => {
  if (!existsSync(MAIN))
    throw new Error(`${MAIN} is missing: build first (npx tsc -p packages/kube-sim)`);
  dir = mkdtempSync(join(tmpdir(), 'kube-sim-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kube-sim CLI', () => {
  it('prints one ready line, writes a working kubeconfig and stops on SIGTERM', async () => {
    const kubeconfig = join(dir, 'kc');
    const { child, exit, firstLine } = start(['--port', '0', '--kubeconfig-out', kubeconfig]);
    try {
      const line = await firstLine;
      const match = /^kube-sim listening on https:\/\/127\.0\.0\.1:(\d+)$/.exec(line);
      expect(match, line).not.toBeNull();
      const text = readFileSync(kubeconfig, 'utf8');
      expect(text).toContain(`server: "https://127.0.0.1:${match?.[1] ?? ''}"`);
      expect(text).toMatch(/certificate-authority-data: "[A-Za-z0-9+/=]{200,}"/);
      expect(text).toMatch(/token: "kube-sim-[0-9a-f]{32}"/);
      expect(text).toContain('current-context: "kube-sim"');
      expect(text).not.toContain('insecure-skip-tls-verify');
      requireKubectl();
      const result = await kubectl(kubeconfig, join(dir, 'cache'), ['get', 'ns']);
      expect(result.stderr).toBe('');
      expect(rows(result.stdout).map((r) => r[0])).toEqual(
        expect.arrayContaining(['NAME', 'default', 'kube-system', 'shop', 'platform']),
      );
    } finally {
      child.kill('SIGTERM');
    }
    const result = await exit;
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('--no-metrics starts a cluster without metrics-server: kubectl top says so', async () => {
    const kubeconfig = join(dir, 'kc-no-metrics');
    const { child, exit, firstLine } = start([
      '--port',
      '0',
      '--no-metrics',
      '--kubeconfig-out',
      kubeconfig,
    ]);
    try {
      expect(await firstLine).toMatch(/^kube-sim listening on /);
      requireKubectl();
      const result = await kubectl(kubeconfig, join(dir, 'cache-no-metrics'), ['top', 'pod']);
      expect(result).toEqual({ code: 1, stdout: '', stderr: 'error: Metrics API not available\n' });
    } finally {
      child.kill('SIGTERM');
    }
    expect((await exit).code).toBe(0);
  });

  it.each([
    [['--kubeconfig-out', 'x', '--port', 'abc'], /--port must be an integer/],
    [['--port', '0'], /--kubeconfig-out is required/],
    [['--port', '0', '--kubeconfig-out', 'x', '--verbose'], /Unknown option '--verbose'/],
    [['--port', '0', '--kubeconfig-out', 'x', 'extra'], /positional argument/],
    [
      ['--port', '0', '--kubeconfig-out', 'x', '--fixtures', '/nonexistent/kube-sim'],
      /fixtures: \/nonexistent\/kube-sim is not a directory/,
    ],
  ])('rejects %j with a one-line reason', async (args, reason) => {
    const result = await start(args).exit;
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(reason);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
