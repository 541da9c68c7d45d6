// Runs the built `porthole` CLI (or any program) as a child process and collects what it printed.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../harness/process.js';

export const CLI = join(REPO_ROOT, 'packages/cli/dist/main.js');

export interface Ran {
  stdout: string;
  stderr: string;
  code: number;
}

/** Run `file args…` with exactly `env` (plus PATH and HOME unless given) and never throw on exit. */
export function runProgram(
  file: string,
  args: string[],
  env: Record<string, string | undefined>,
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      {
        cwd: options.cwd ?? REPO_ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
        timeout: options.timeoutMs ?? 120_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        if (err === null) return resolve({ stdout, stderr, code: 0 });
        const code: unknown = err.code;
        if (typeof code === 'number') return resolve({ stdout, stderr, code });
        // Killed by the timeout, or never started: not an exit to compare.
        reject(new Error(`${file} did not exit (${err.signal ?? String(code)}): ${stderr}`));
      },
    );
  });
}

/** The built CLI, run with node. */
export function porthole(args: string[], env: Record<string, string | undefined>): Promise<Ran> {
  return runProgram(process.execPath, [CLI, ...args], env);
}
