// `npm run bench`: gateway latency, throughput and cost for `get pods` through the whole stack
// (API, Redis, agent, kube-sim, all separate processes) against the same GET sent straight to
// kube-sim, then idle agent connections held by one API process; ends with a table of targets.
import { createKubeTransport, loadKubeConfigFile } from '@porthole/agent';
import type { Proc } from '../harness/process.js';
import { startStack, type Stack } from '../harness/stack.js';
import { createApiPoster } from './api-client.js';
import { benchAgentExecute } from './agent-execute.js';
import { benchAuth } from './auth.js';
import { localRedisPid } from './cost.js';
import { benchIdleAgents, type ModeName } from './idle-agents.js';
import { benchLatency, type Workload } from './latency.js';
import { benchPolicy } from './policy.js';
import { clockTicks, processName } from './proc.js';
import { benchRedaction } from './redaction.js';
import { RedisInfo } from './redis-info.js';
import { countRoundTrips } from './round-trips.js';
import { printSummary, type TargetRow } from './summary.js';
import { pool, timed } from './load.js';
import { fmt, summarize } from './stats.js';
import { benchThroughput } from './throughput.js';

const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 300);
/** Sequential commands timed right after start, and the untimed warm-up after them. */
const COLD = Number(process.env.BENCH_COLD ?? 30);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const CONCURRENT_TOTAL = Number(process.env.BENCH_CONCURRENT_TOTAL ?? 640);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
// The target: 10,000 idle agents on one replica. Each process needs an open-file limit above N.
const IDLE_AGENTS = Number(process.env.BENCH_IDLE_AGENTS ?? 10_000);
const IDLE_HOLD_SECONDS = Number(process.env.BENCH_IDLE_HOLD_SECONDS ?? 35);
const IDLE_MODE = (process.env.BENCH_IDLE_MODE ?? 'auto') as ModeName | 'auto';
const PHASES = new Set(
  (process.env.BENCH_PHASES ?? 'micro,latency,throughput,idle').split(',').map((p) => p.trim()),
);
/** The most slots the agent's config accepts (PORTHOLE_CONCURRENCY). */
const AGENT_MAX_SLOTS = 64;
/** The Redis target per exec, held to calls as the client sends them (see round-trips.ts). */
const REDIS_ROUND_TRIPS_TARGET = 6;
/** Commands the API hands out per poll (MAX_PER_POLL in api/src/routes/agent.ts, not exported). */
const API_MAX_PER_POLL = 16;
const TABLE =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

const pidList = (pid: number | null | undefined) => (pid == null ? [] : [pid]);
const pids = (...procs: Proc[]) => procs.flatMap((p) => pidList(p.child.pid));

/**
 * One agent with `slots` slots. An agent asks for as many commands per poll as it has free
 * slots, and an API that caps that lower answers 400 to every poll: then the same slots are
 * split over agents of API_MAX_PER_POLL each, serving the one cluster, and the report says so.
 */
async function startAgents(
  stack: Stack,
  slots: number,
): Promise<{ procs: Proc[]; untracked: Proc[]; describe: string }> {
  try {
    const proc = await stack.startAgent('bench', { PORTHOLE_CONCURRENCY: String(slots) });
    return { procs: [proc], untracked: [], describe: `one agent with ${slots}` };
  } catch (err) {
    const refused = stack.agents.get('bench');
    const reason = /poll failed with HTTP 400/.exec(refused?.output() ?? '')?.[0];
    if (!refused || !reason || slots <= API_MAX_PER_POLL) throw err;
    await refused.stop();
    const count = Math.ceil(slots / API_MAX_PER_POLL);
    console.log(
      `note: an agent with PORTHOLE_CONCURRENCY=${slots} never connected (${reason}: it polls with max=${slots}, over the API's cap of ${API_MAX_PER_POLL} per poll); using ${count} agents of ${API_MAX_PER_POLL} slots on the one cluster instead`,
    );
    const procs: Proc[] = [];
    for (let i = 0; i < count; i++) {
      procs.push(
        await stack.startAgent('bench', { PORTHOLE_CONCURRENCY: String(API_MAX_PER_POLL) }),
      );
    }
    return {
      procs,
      // The harness stops the last agent per cluster only; the caller stops these.
      untracked: procs.slice(0, -1),
      describe: `${count} agents of ${API_MAX_PER_POLL} (a single agent of ${slots} was refused)`,
    };
  }
}

async function benchStack(): Promise<TargetRow[]> {
  // The benchmark measures the gateway, not the rate limiter.
  const stack = await startStack({
    clusters: ['bench'],
    apiEnv: { PORTHOLE_RATE_LIMIT_PER_MINUTE: '1000000' },
  });
  let untracked: Proc[] = [];
  const closers: Array<() => void> = [];
  try {
    // At least as many agent slots as clients, so the agent's slot count is not the limit.
    const slots = Math.min(AGENT_MAX_SLOTS, Math.max(CONCURRENCY, CLIENTS));
    if (slots < CLIENTS)
      console.log(
        `note: the agent takes at most ${AGENT_MAX_SLOTS} slots, under ${CLIENTS} clients`,
      );
    const agents = await startAgents(stack, slots);
    untracked = agents.untracked;
    // The baseline is the apiserver itself: no client-side rate limit in front of it.
    const kube = createKubeTransport(loadKubeConfigFile(stack.kubeconfig), {
      qps: 1e9,
      burst: 1e9,
    });
    const api = createApiPoster(stack.apiUrl, stack.apiKey, Math.max(CONCURRENCY, CLIENTS));
    closers.push(() => api.close());
    const work: Workload = {
      direct: async () => {
        const res = await kube.get('/api/v1/namespaces/default/pods', TABLE);
        if (res.status !== 200) throw new Error(`direct GET failed: ${res.status}`);
      },
      gateway: async () => {
        const res = await api.post('/v1/clusters/bench/exec', {
          command: ['get', 'pods', '-n', 'default'],
        });
        if (res.status !== 200 || res.json.status !== 'succeeded')
          throw new Error(
            `gateway exec failed: ${res.status} ${JSON.stringify(res.json).slice(0, 300)}`,
          );
      },
    };
    // The first commands after start run cold (code not yet compiled by V8's optimiser): shown
    // apart, then a warm-up at width so the timed phases measure the gateway as it runs in
    // service, not its start-up.
    const coldDirect: number[] = [];
    const coldGateway: number[] = [];
    for (let i = 0; i < COLD; i++) {
      coldDirect.push(await timed(work.direct));
      coldGateway.push(await timed(work.gateway));
    }
    await pool(WARMUP, CONCURRENCY, work.direct);
    await pool(WARMUP, CONCURRENCY, work.gateway);
    const cold = (samples: number[]) =>
      `p50 ${fmt(summarize(samples).p50)}, first ${fmt(samples[0] ?? NaN)}, worst ${fmt(Math.max(...samples))}`;
    console.log(
      `cold start, the first ${COLD} sequential after start (not in the targets): gateway ${cold(coldGateway)}; direct ${cold(coldDirect)}. Then ${WARMUP} of each at width ${CONCURRENCY}, untimed.`,
    );

    if (PHASES.has('micro')) await benchAgentExecute(kube, TABLE);

    const rows: TargetRow[] = [];
    if (PHASES.has('latency'))
      rows.push(
        ...(await benchLatency(work, {
          sequential: SEQUENTIAL,
          concurrency: CONCURRENCY,
          concurrentTotal: CONCURRENT_TOTAL,
        })),
      );
    if (PHASES.has('throughput')) {
      rows.push(await benchRoundTrips(stack.redisUrl, work.gateway));
      const redis = new RedisInfo(stack.redisUrl);
      const ticks = clockTicks();
      console.log(
        `\n(CPU from /proc at ${ticks.hz} Hz${ticks.assumed ? ', assumed: getconf CLK_TCK failed' : ''}; agent slots: ${agents.describe})`,
      );
      rows.push(
        ...(await benchThroughput(work, {
          clients: CLIENTS,
          seconds: SECONDS,
          redis,
          procs: {
            api: pids(stack.api),
            agent: pids(...agents.procs),
            redis: pidList(
              await localRedisPid(redis, (pid) => (processName(pid) ?? '').startsWith('redis')),
            ),
            'kube-sim': pids(stack.kubeSim),
            'bench client': [process.pid],
          },
        })),
      );
    }
    return rows;
  } finally {
    for (const close of closers) close();
    await Promise.all(untracked.map((p) => p.stop()));
    await stack.close();
  }
}

/** Redis round trips per exec over 200 execs at concurrency 16, counted with MONITOR. */
async function benchRoundTrips(redisUrl: string, exec: () => Promise<void>): Promise<TargetRow> {
  const TOTAL = 200;
  const trips = await countRoundTrips(redisUrl, async () => {
    let started = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (started < TOTAL) {
          started += 1;
          await exec();
        }
      }),
    );
    return TOTAL;
  });
  const total = [...trips.sent.values()].reduce((a, b) => a + b, 0);
  const per = total / trips.execs;
  console.log(
    `\nRedis round trips per exec (MONITOR over ${trips.execs} execs at concurrency 16; a script call counts once): ${per.toFixed(2)}; commands run inside scripts: ${(trips.inScripts / trips.execs).toFixed(2)} per exec`,
  );
  const rows = [...trips.sent].sort((a, b) => b[1] - a[1]);
  for (const [name, n] of rows) console.log(`  ${name.padEnd(24)} ${(n / trips.execs).toFixed(2)}`);
  return {
    target: `Redis round trips per exec ≤ ${REDIS_ROUND_TRIPS_TARGET}`,
    measured: per.toFixed(2),
    pass: per <= REDIS_ROUND_TRIPS_TARGET,
    baseline: '0 (no Redis)',
  };
}

async function main(): Promise<void> {
  if (PHASES.has('micro')) {
    benchPolicy();
    await benchAuth();
    benchRedaction();
    console.log('');
  }
  const rows: TargetRow[] = [];
  if (PHASES.has('latency') || PHASES.has('throughput')) rows.push(...(await benchStack()));
  if (PHASES.has('idle'))
    rows.push(
      ...(await benchIdleAgents({
        agents: IDLE_AGENTS,
        holdSeconds: IDLE_HOLD_SECONDS,
        mode: IDLE_MODE,
      })),
    );
  if (rows.length > 0) printSummary(rows);
}

await main();
