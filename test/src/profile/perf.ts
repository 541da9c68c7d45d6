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

/**
 * Node flags for a process to be profiled with perf: JIT code named in /tmp/perf-<pid>.map. The
 * flag also turns on V8's own log, written to `dir` rather than to the working directory.
 */
export function perfNodeArgs(dir: string): string[] {
  return ['--perf-basic-prof', `--logfile=${dir}/v8-%p.log`, '--no-logfile-per-isolate'];
}

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

export interface PerfTimes {
  /** Counted to the innermost JavaScript frame (see perfTimes). */
  self: SelfTime[];
  /** Counted to every JavaScript function on the stack, once per sample: where a phase's time goes. */
  total: SelfTime[];
}

/**
 * Self and total time of each of `pids` by JavaScript function, largest first. For self time a
 * sample is counted to the innermost JavaScript frame on its stack, so the builtins, runtime calls
 * and system calls a function makes directly are its own (as V8's profiler counts them); a sample
 * with no JavaScript frame (the event loop waiting, the collector, compiler threads) is counted to
 * its innermost native symbol. Native code built without frame pointers (OpenSSL's) may be counted
 * one JavaScript frame further out. The map files are removed after.
 */
export function perfTimes(file: string, pids: number[]): Map<number, PerfTimes> {
  const text = execFileSync('perf', ['script', '-i', file, '-F', 'pid,ip,sym'], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const msPerSample = 1000 / PERF_HZ;
  const selfs = new Map<number, Map<string, number>>(pids.map((pid) => [pid, new Map()]));
  const totals = new Map<number, Map<string, number>>(pids.map((pid) => [pid, new Map()]));
  const add = (into: Map<string, number> | undefined, name: string) =>
    into?.set(name, (into.get(name) ?? 0) + msPerSample);
  let pid = 0;
  let frames: string[] = [];
  const endSample = () => {
    const js = frames.filter((f) => f.startsWith('JS:')).map(symbolName);
    const leaf = js[0] ?? (frames[0] === undefined ? null : symbolName(frames[0]));
    if (leaf !== null) add(selfs.get(pid), leaf);
    for (const name of new Set(js)) add(totals.get(pid), name);
    frames = [];
  };
  // A sample is its pid on one line, then its frames from the innermost out, one per line.
  for (const line of text.split('\n')) {
    const head = /^\s*(\d+)\s*$/.exec(line);
    if (head) {
      endSample();
      pid = Number(head[1]);
      continue;
    }
    const frame = /^\s+[0-9a-f]+\s+(.*)$/.exec(line);
    if (frame) frames.push(frame[1]!.replace(/\s+\([^)]*\)$/, ''));
  }
  endSample();
  for (const pid of pids) rmSync(`/tmp/perf-${pid}.map`, { force: true });
  const sorted = (names: Map<string, number> | undefined): SelfTime[] =>
    [...(names ?? [])].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms);
  return new Map(
    pids.map((p) => [p, { self: sorted(selfs.get(p)), total: sorted(totals.get(p)) }]),
  );
}

/** `JS:*fn file:///…/packages/x/dist/y.js:3:9` → `fn packages/x/dist/y.js:3`, as selfTimes names. */
function symbolName(raw: string): string {
  const js = /^JS:[*~^+]?(\S*)\s+(\S+?)(?::\d+)?$/.exec(raw.trim());
  if (!js) return raw.trim() || '[unknown]';
  return `${js[1] || '(anonymous)'} ${shortPath(js[2]!)}`;
}
