// Self time per symbol from Linux `perf record` (cpu-clock) of the API and the agent: CPU time as
// the kernel counts it, native code and kernel included. V8's own sampler ticks on wall time,
// so on a machine where a system call is slow (a paravirtualised VM, as here) a function that
// writes to a socket reads as hot while it waits; perf's cpu-clock does not count the wait.
// JavaScript frames are named through the map files `node --perf-basic-prof` writes.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { shortPath, type SelfTime } from './cpuprofile.js';

/** Samples per second per CPU. */
export const PERF_HZ = 999;

/** Node flags for a process to be profiled with perf: JIT code named in /tmp/perf-<pid>.map. */
export const PERF_NODE_ARGS = ['--perf-basic-prof'];

export function perfAvailable(): boolean {
  try {
    execFileSync('perf', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface PerfRecording {
  /** Ends the recording; resolves once perf has written its file. */
  stop(): Promise<void>;
}

/** Starts recording `pids` (all their threads) into `file`; resolves once perf is attached. */
export async function recordPerf(pids: number[], file: string): Promise<PerfRecording> {
  const child = spawn(
    'perf',
    ['record', '-e', 'cpu-clock', '-F', String(PERF_HZ), '-g', '-p', pids.join(','), '-o', file],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  // perf ends on SIGINT by raising it again once its file is written.
  const exited = new Promise<boolean>((resolve) =>
    child.once('exit', (code, signal) => resolve(code === 0 || signal === 'SIGINT')),
  );
  // perf creates its output file once it is attached.
  for (let waited = 0; !existsSync(file); waited += 50) {
    if (child.exitCode !== null || waited > 30_000)
      throw new Error(`perf record did not start: ${stderr.trim() || 'no output'}`);
    await sleep(50);
  }
  return {
    async stop() {
      child.kill('SIGINT');
      if (!(await exited)) throw new Error(`perf record failed: ${stderr.trim()}`);
    },
  };
}

/**
 * Self time of each of `pids` by JavaScript function, largest first. A sample is counted to the
 * innermost JavaScript frame on its stack, so the builtins, runtime calls and system calls a
 * function makes directly are its own (as V8's profiler counts them); a sample with no
 * JavaScript frame (the event loop waiting, the collector, compiler threads) is counted to its
 * innermost native symbol. Native code built without frame pointers (OpenSSL's) may be counted
 * one JavaScript frame further out. The map files are removed after.
 */
export function perfSelfTimes(file: string, pids: number[]): Map<number, SelfTime[]> {
  const text = execFileSync('perf', ['script', '-i', file, '-F', 'pid,ip,sym'], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const msPerSample = 1000 / PERF_HZ;
  const totals = new Map<number, Map<string, number>>(pids.map((pid) => [pid, new Map()]));
  let byName: Map<string, number> | undefined;
  let leaf: string | null = null;
  let counted = true;
  const count = (name: string) => {
    byName?.set(name, (byName.get(name) ?? 0) + msPerSample);
    counted = true;
  };
  // A sample is its pid on one line, then its frames from the innermost out, one per line.
  for (const line of text.split('\n')) {
    const head = /^\s*(\d+)\s*$/.exec(line);
    if (head) {
      if (!counted && leaf !== null) count(leaf);
      byName = totals.get(Number(head[1]));
      leaf = null;
      counted = false;
      continue;
    }
    const frame = /^\s+[0-9a-f]+\s+(.*)$/.exec(line);
    if (!frame || counted) continue;
    const symbol = frame[1]!.replace(/\s+\([^)]*\)$/, '');
    leaf ??= symbolName(symbol);
    if (symbol.startsWith('JS:')) count(symbolName(symbol));
  }
  if (!counted && leaf !== null) count(leaf);
  for (const pid of pids) rmSync(`/tmp/perf-${pid}.map`, { force: true });
  return new Map(
    [...totals].map(([pid, names]) => [
      pid,
      [...names].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms),
    ]),
  );
}

/** `JS:*fn file:///…/packages/x/dist/y.js:3:9` → `fn packages/x/dist/y.js:3`, as selfTimes names. */
function symbolName(raw: string): string {
  const js = /^JS:[*~^+]?(\S*)\s+(\S+?)(?::\d+)?$/.exec(raw.trim());
  if (!js) return raw.trim() || '[unknown]';
  return `${js[1] || '(anonymous)'} ${shortPath(js[2]!)}`;
}
