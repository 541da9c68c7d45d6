// `npm run profile`: CPU profiles of the API and the agent while they serve `get pods -n default`
// through the whole stack, summarised as the top self-time functions of each process. Profile
// before optimising; the raw .cpuprofile files are kept for Chrome DevTools or speedscope.
// PROFILE_WITH=perf samples CPU time with Linux perf instead (perf.ts says when that matters).
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import type { Proc } from '../harness/process.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack } from '../harness/stack.js';
import { ioCalls } from '../bench/proc.js';
import { selfTimes, type SelfTime } from './cpuprofile.js';
import { perfNodeArgs, perfAvailable, perfTimes, recordPerf, type PerfRecording } from './perf.js';

const COMMANDS = Number(process.env.PROFILE_COMMANDS ?? 3000);
const CONCURRENCY = Number(process.env.PROFILE_CONCURRENCY ?? 16);
const TOP = Number(process.env.PROFILE_TOP ?? 12);
const WITH = process.env.PROFILE_WITH ?? 'v8';

async function main(): Promise<void> {
  if (WITH !== 'v8' && WITH !== 'perf') throw new Error(`PROFILE_WITH is v8 or perf, not ${WITH}`);
  if (WITH === 'perf' && !perfAvailable())
    throw new Error('PROFILE_WITH=perf needs Linux perf (Debian: apt-get install linux-perf)');
  const dir = mkdtempSync(join(tmpdir(), 'porthole-profile-'));
  const prof = (name: string) =>
    WITH === 'perf' ? perfNodeArgs(dir) : ['--cpu-prof', `--cpu-prof-dir=${join(dir, name)}`];
  const perfFile = join(dir, 'perf.data');
  let pids: Record<string, number> = {};
  let perf: PerfRecording | null = null;
  const stack = await startStack({
    clusters: ['bench'],
    apiEnv: { PORTHOLE_RATE_LIMIT_PER_MINUTE: '1000000' },
    nodeArgs: { api: prof('api'), agent: prof('agent') },
  });
  let done = 0;
  const cpu: Record<string, number> = {};
  const io: Record<string, { reads: number; writes: number }> = {};
  try {
    const agent = await stack.startAgent('bench', { PORTHOLE_CONCURRENCY: String(CONCURRENCY) });
    const procs: Array<[string, Proc]> = [
      ['api', stack.api],
      ['agent', agent],
    ];
    pids = Object.fromEntries(procs.map(([name, proc]) => [name, proc.child.pid!]));
    if (WITH === 'perf') perf = await recordPerf(Object.values(pids), perfFile);
    for (const [name, proc] of procs) {
      cpu[name] = -cpuMs(proc);
      io[name] = ioCalls(proc.child.pid!) ?? { reads: NaN, writes: NaN };
    }
    const exec = async () => {
      const res = await stack.call('POST', '/v1/clusters/bench/exec', {
        command: ['get', 'pods', '-n', 'default'],
      });
      if (res.status !== 200 || res.json.status !== 'succeeded')
        throw new Error(`exec failed: ${res.status} ${JSON.stringify(res.json).slice(0, 300)}`);
    };
    let started = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (started < COMMANDS) {
          started++;
          await exec();
          done++;
        }
      }),
    );
    for (const [name, proc] of procs) {
      cpu[name]! += cpuMs(proc);
      const now = ioCalls(proc.child.pid!);
      io[name] = {
        reads: (now?.reads ?? NaN) - io[name]!.reads,
        writes: (now?.writes ?? NaN) - io[name]!.writes,
      };
    }
  } finally {
    try {
      await perf?.stop();
    } finally {
      // A clean stop (SIGTERM) lets each process write its profile on exit.
      await stack.close();
    }
  }
  console.log(`${done} commands at concurrency ${CONCURRENCY}; profiles in ${dir}`);
  // Under the profiler, so higher than without it; compare runs of this tool with each other.
  console.log(
    Object.entries(cpu)
      .map(([name, ms]) => `${name} ${(ms / done).toFixed(2)} ms CPU/command`)
      .join(', '),
  );
  // Socket writes are system calls, each costly on a paravirtualised VM: fewer is the lever.
  console.log(
    Object.entries(io)
      .map(
        ([name, { reads, writes }]) =>
          `${name} ${(writes / done).toFixed(2)} write and ${(reads / done).toFixed(2)} read system calls/command`,
      )
      .join(', '),
  );
  if (WITH === 'perf') {
    const times = perfTimes(perfFile, Object.values(pids));
    for (const [name, pid] of Object.entries(pids)) {
      const { self, total } = times.get(pid) ?? { self: [], total: [] };
      const sampled = print(`${name} (perf cpu-clock, all threads, ${perfFile})`, self, 'self');
      print(`${name}, the same samples`, total, 'total (the function and all it calls)', sampled);
    }
  } else {
    for (const name of ['api', 'agent']) {
      const files = readdirSync(join(dir, name)).filter((f) => f.endsWith('.cpuprofile'));
      for (const file of files)
        print(
          `${name} (${file})`,
          selfTimes(JSON.parse(readFileSync(join(dir, name, file), 'utf8'))),
          'self',
        );
    }
  }
}

/** Prints the top rows; shares are of `total` (by default the rows' sum, which it returns). */
function print(
  title: string,
  rows: SelfTime[],
  by: string,
  total = rows.reduce((sum, r) => sum + r.ms, 0),
): number {
  console.log(`\n${title}: ${total.toFixed(0)} ms sampled, top ${TOP} by ${by}`);
  for (const row of rows.slice(0, TOP)) {
    const share = ((100 * row.ms) / total).toFixed(1).padStart(5);
    console.log(`${share}%  ${row.ms.toFixed(0).padStart(6)} ms  ${row.name}`);
  }
  return total;
}

/** User + system CPU time of a process so far, from /proc (clock ticks of 10 ms). */
function cpuMs(proc: Proc): number {
  const stat = readFileSync(`/proc/${proc.child.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

await main();
