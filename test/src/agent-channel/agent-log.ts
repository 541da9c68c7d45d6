// Reading a real agent's log as a test waits on it: lines counted as they arrive.
import type { Proc } from '../harness/process.js';

/** Lines of `proc`'s output matching `pattern`. */
export function linesMatching(proc: Proc, pattern: RegExp): string[] {
  return proc
    .output()
    .split('\n')
    .filter((line) => pattern.test(line));
}

/** Resolves once `proc` has printed `count` lines matching `pattern`; rejects on exit or timeout. */
export function waitForCount(
  proc: Proc,
  pattern: RegExp,
  count: number,
  timeoutMs: number,
): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const lines = linesMatching(proc, pattern);
      if (lines.length < count) return;
      cleanup();
      resolve(lines);
    };
    const fail = (why: string) => {
      cleanup();
      reject(
        new Error(
          `${why} before ${count} lines matching ${pattern}:\n${proc.output().slice(-4000)}`,
        ),
      );
    };
    const timer = setTimeout(() => fail(`timed out after ${timeoutMs} ms`), timeoutMs);
    const onExit = () => fail('the process exited');
    const cleanup = () => {
      clearTimeout(timer);
      proc.child.stdout?.off('data', check);
      proc.child.stderr?.off('data', check);
      proc.child.off('exit', onExit);
    };
    // Listeners added after the harness's own: its buffer already holds the chunk.
    proc.child.stdout?.on('data', check);
    proc.child.stderr?.on('data', check);
    proc.child.once('exit', onExit);
    check();
  });
}

/** The agent's process is still running (neither exited nor killed). */
export const stillRunning = (proc: Proc) =>
  proc.child.exitCode === null && proc.child.signalCode === null;
