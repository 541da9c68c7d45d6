// `npm run bench:paired -- <checkout A> <checkout B>`: two builds of Porthole side by side on
// this machine, measured in turns so that both meet the same noise. This machine is shared: two
// `npm run bench` runs minutes apart differ by more than most changes do, while commands sent in
// turn to two stacks that are both up see the same load. Run it once with the same checkout on
// both sides first: the difference that gives is the noise to beat.
//   PAIRED_MODE=latency     sequential execs, one on each side in turn (default 1,500 each)
//   PAIRED_MODE=throughput  16 clients for 2.5 s on one side, then the other (default 12 turns
//                           each): CPU per command of the API and the agent, from /proc
import { fork, type ChildProcess } from 'node:child_process';
import { createApiPoster, type ApiPoster } from '../api-client.js';
import { runFor } from '../load.js';
import { cpuSeconds } from '../proc.js';
import { quantile } from '../stats.js';

interface Side {
  name: string;
  child: ChildProcess;
  poster: ApiPoster;
  pids: { api: number; agent: number };
}

const MODE = process.env.PAIRED_MODE ?? 'latency';
const N = Number(process.env.PAIRED_N ?? 1500);
const TURNS = Number(process.env.PAIRED_TURNS ?? 12);
const TURN_MS = 2500;
const CLIENTS = 16;
const WARMUP = 500;

async function start(name: string, checkout: string): Promise<Side> {
  const child = fork(new URL('./stack.js', import.meta.url), [checkout], { stdio: 'inherit' });
  const ready = await new Promise<{ apiUrl: string; apiKey: string; pids: Side['pids'] }>(
    (resolve, reject) => {
      child.once('message', resolve as (m: unknown) => void);
      child.once('exit', (code) => reject(new Error(`${name}: the stack exited (${code})`)));
    },
  );
  return {
    name,
    child,
    poster: createApiPoster(ready.apiUrl, ready.apiKey, CLIENTS),
    pids: ready.pids,
  };
}

async function exec(side: Side): Promise<number> {
  const t = performance.now();
  const res = await side.poster.post('/v1/clusters/bench/exec', {
    command: ['get', 'pods', '-n', 'default'],
  });
  if (res.status !== 200) throw new Error(`${side.name}: exec answered ${res.status}`);
  return performance.now() - t;
}

async function latency(a: Side, b: Side): Promise<void> {
  for (let i = 0; i < WARMUP; i++) await Promise.all([exec(a), exec(b)]);
  const times = { a: [] as number[], b: [] as number[] };
  const diffs: number[] = [];
  const cpu0 = [a, b].map(cpuOf);
  for (let i = 0; i < N; i++) {
    // Which side goes first alternates, so neither always follows the other's wake-ups.
    let ta: number;
    let tb: number;
    if (i % 2 === 0) {
      ta = await exec(a);
      tb = await exec(b);
    } else {
      tb = await exec(b);
      ta = await exec(a);
    }
    times.a.push(ta);
    times.b.push(tb);
    diffs.push(tb - ta);
  }
  // Over the whole loop, so it includes what each side spends while the other one runs.
  const cpu = [a, b].map((side, i) => {
    const [api, agent] = cpuOf(side).map((s, j) => ((s - cpu0[i]![j]!) * 1000) / N);
    return `CPU per command: API ${api!.toFixed(3)} ms, agent ${agent!.toFixed(3)} ms`;
  });
  const row = (s: Side, xs: number[]) =>
    `${s.name.padEnd(2)} p50 ${quantile(xs, 0.5).toFixed(3)} ms  p90 ${quantile(xs, 0.9).toFixed(3)} ms  ${cpu[s === a ? 0 : 1]}`;
  console.log(`sequential exec, ${N} on each side in turn`);
  console.log(`  ${row(a, times.a)}\n  ${row(b, times.b)}`);
  console.log(`  B - A, paired: median ${quantile(diffs, 0.5).toFixed(3)} ms`);
}

/** CPU seconds the side's API and agent have used so far. */
function cpuOf(side: Side): [number, number] {
  return [cpuSeconds(side.pids.api)!, cpuSeconds(side.pids.agent)!];
}

/** Commands one side completes with CLIENTS callers for `ms`; any failed exec stops the run. */
async function load(side: Side, ms: number): Promise<number> {
  const run = await runFor(ms / 1000, CLIENTS, () => exec(side).then(() => undefined));
  if (run.errors > 0) throw new Error(run.firstError ?? `${side.name}: an exec failed`);
  return run.samples.length;
}

async function throughput(a: Side, b: Side): Promise<void> {
  await load(a, 3000);
  await load(b, 3000);
  const totals = new Map<Side, { commands: number; api: number; agent: number }>([
    [a, { commands: 0, api: 0, agent: 0 }],
    [b, { commands: 0, api: 0, agent: 0 }],
  ]);
  for (let turn = 0; turn < TURNS; turn++) {
    for (const side of turn % 2 === 0 ? [a, b] : [b, a]) {
      const [api0, agent0] = cpuOf(side);
      const commands = await load(side, TURN_MS);
      const [api1, agent1] = cpuOf(side);
      const t = totals.get(side)!;
      t.commands += commands;
      t.api += api1 - api0;
      t.agent += agent1 - agent0;
    }
  }
  console.log(`${CLIENTS} clients, ${TURNS} turns of ${TURN_MS / 1000} s on each side`);
  const perCommand = (side: Side) => {
    const t = totals.get(side)!;
    return { ...t, sum: ((t.api + t.agent) * 1000) / t.commands };
  };
  for (const side of [a, b]) {
    const t = perCommand(side);
    console.log(
      `  ${side.name.padEnd(2)} ${(t.commands / ((TURNS * TURN_MS) / 1000)).toFixed(0)} cmd/s  CPU per command: API ${((t.api * 1000) / t.commands).toFixed(3)} ms, agent ${((t.agent * 1000) / t.commands).toFixed(3)} ms, both ${t.sum.toFixed(3)} ms`,
    );
  }
  console.log(
    `  B / A, API + agent CPU per command: ${(perCommand(b).sum / perCommand(a).sum).toFixed(3)}`,
  );
}

async function main(): Promise<void> {
  const [checkoutA, checkoutB] = process.argv.slice(2);
  if (!checkoutA || !checkoutB)
    throw new Error('usage: npm run bench:paired -- <built checkout A> <built checkout B>');
  if (MODE !== 'latency' && MODE !== 'throughput')
    throw new Error(`PAIRED_MODE is latency or throughput, not ${MODE}`);
  console.log(`A ${checkoutA}\nB ${checkoutB}`);
  const a = await start('A', checkoutA);
  const b = await start('B', checkoutB).catch(async (err: unknown) => {
    a.child.send('stop');
    throw err;
  });
  try {
    await (MODE === 'latency' ? latency(a, b) : throughput(a, b));
  } finally {
    for (const side of [a, b]) {
      side.poster.close();
      side.child.send('stop');
    }
    await Promise.all([a, b].map((s) => new Promise((resolve) => s.child.once('exit', resolve))));
  }
}

await main();
