// Test-only runner for the real kubectl binary (excluded from the build).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The pinned kubectl v1.35 the repo's setup unpacks into .tools; KUBECTL overrides it. */
export const KUBECTL =
  process.env['KUBECTL'] ??
  fileURLToPath(new URL('../../../../.tools/kubectl/kubectl', import.meta.url));

/** Never skip: a missing reference binary is a failure with the command that fixes it. */
export function requireKubectl(): void {
  if (!existsSync(KUBECTL)) {
    throw new Error(
      `kubectl v1.35 not found at ${KUBECTL}: run \`npm test\` from the repository root (it unpacks it), or set KUBECTL`,
    );
  }
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function kubectl(kubeconfig: string, cacheDir: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      KUBECTL,
      ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args],
      { timeout: 20_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Table output as rows of whitespace-separated cells (kubectl pads with 3+ spaces between columns). */
export function rows(stdout: string): string[][] {
  return stdout
    .trimEnd()
    .split('\n')
    .map((line) => line.trim().split(/\s{2,}/));
}
