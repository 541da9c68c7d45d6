// Throughput at a fixed number of clients for a fixed time, direct and through the gateway, with
// the CPU each process spent and the Redis calls made per command over the same window.
import { msPer, startCost, topCalls, type Cost, type Processes } from './cost.js';
import type { Workload } from './latency.js';
import { perSecond, runFor, type LoadRun } from './load.js';
import type { RedisInfo } from './redis-info.js';
import { fmt, summarize } from './stats.js';
import type { TargetRow } from './summary.js';

export interface ThroughputOptions {
  clients: number;
  seconds: number;
  /** Pids by report name; `api` and `agent` make up the per-command CPU target. */
  procs: Processes;
  redis: RedisInfo;
}

const TARGET_RATE = 1500;
const TARGET_P99_MS = 100;
const TARGET_CPU_MS = 1.2;
const TARGET_REDIS_CALLS = 6;
const TOP_COMMANDS = 8;

async function measured(
  o: ThroughputOptions,
  fn: () => Promise<void>,
): Promise<{ run: LoadRun; cost: Cost }> {
  const meter = await startCost(o.procs, o.redis);
  const run = await runFor(o.seconds, o.clients, fn);
  return { run, cost: await meter.stop() };
}

const sum = (...xs: Array<number | null | undefined>) =>
  xs.some((x) => x == null) ? null : xs.reduce<number>((s, x) => s + x!, 0);

export async function benchThroughput(work: Workload, o: ThroughputOptions): Promise<TargetRow[]> {
  // A short unmeasured run of each first, so connection pools and JIT are warm.
  await runFor(1, o.clients, work.direct);
  await runFor(1, o.clients, work.gateway);
  const direct = await measured(o, work.direct);
  const gateway = await measured(o, work.gateway);

  const d = summarize(direct.run.samples);
  const g = summarize(gateway.run.samples);
  const ratio = perSecond(gateway.run) / perSecond(direct.run);
  console.log(
    `\nthroughput: ${o.clients} clients for ${o.seconds} s (target ≥ ${TARGET_RATE.toLocaleString('en')} commands/s, p99 ≤ ${TARGET_P99_MS} ms, 0 errors)`,
  );
  for (const [name, { run }, s] of [
    ['direct ', direct, d],
    ['gateway', gateway, g],
  ] as const) {
    console.log(
      `  ${name}  ${perSecond(run).toFixed(0).padStart(6)} req/s  p50 ${fmt(s.p50).padStart(10)}  p99 ${fmt(s.p99).padStart(10)}  errors ${run.errors}  (n=${run.samples.length})${run.firstError ? `  first error: ${run.firstError}` : ''}`,
    );
  }
  console.log(`  gateway/direct: ${ratio.toFixed(3)}x the request rate`);

  const gn = gateway.run.samples.length;
  const dn = direct.run.samples.length;
  const gc = gateway.cost.cpu;
  const dc = direct.cost.cpu;
  const apiAgent = sum(gc.api, gc.agent);
  console.log(
    `\nCPU per command over the gateway run (user + system from /proc/<pid>/stat; per direct GET over the direct run beside it); target API + agent ≤ ${TARGET_CPU_MS} ms`,
  );
  for (const name of Object.keys(o.procs)) {
    console.log(
      `  ${name.padEnd(12)} ${msPer(gc[name], gn).padStart(10)}   direct ${msPer(dc[name], dn).padStart(10)}   (${gc[name] == null ? 'n/a' : `${gc[name].toFixed(2)} s of CPU in ${(gateway.cost.wallMs / 1000).toFixed(1)} s`})`,
    );
  }
  console.log(`  ${'api + agent'.padEnd(12)} ${msPer(apiAgent, gn).padStart(10)}`);

  const perExec = gn > 0 ? gateway.cost.redisTotal / gn : NaN;
  console.log(
    `\nRedis calls per exec over the gateway run: ${perExec.toFixed(2)} (${gateway.cost.redisTotal} calls / ${gn} commands; target ≤ ${TARGET_REDIS_CALLS}); commandstats counts the commands a Lua script runs as well as the script call`,
  );
  console.log(`  top ${TOP_COMMANDS} by calls:   ${'calls'.padStart(9)}  per exec`);
  for (const line of topCalls(gateway.cost.redisCalls, gn, TOP_COMMANDS)) console.log(`  ${line}`);
  console.log(
    `  over the direct run (agent idle): ${direct.cost.redisTotal} calls in ${(direct.cost.wallMs / 1000).toFixed(1)} s`,
  );

  const cpuMs = (s: number | null | undefined, n: number) =>
    s == null || n === 0 ? null : (s * 1000) / n;
  const info = (target: string, seconds: number | null | undefined, baseline: string) => ({
    target,
    measured: msPer(seconds, gn),
    pass: null,
    baseline,
  });
  const apiAgentMs = cpuMs(apiAgent, gn);
  return [
    {
      target: `throughput at ${o.clients} clients ≥ ${TARGET_RATE} cmd/s`,
      measured: `${perSecond(gateway.run).toFixed(0)} cmd/s (${ratio.toFixed(2)}x direct)`,
      pass: perSecond(gateway.run) >= TARGET_RATE,
      baseline: `${perSecond(direct.run).toFixed(0)} req/s`,
    },
    {
      target: `throughput p99 ≤ ${TARGET_P99_MS} ms`,
      measured: fmt(g.p99),
      pass: g.p99 <= TARGET_P99_MS,
      baseline: `p99 ${fmt(d.p99)}`,
    },
    {
      target: 'throughput errors = 0',
      measured: String(gateway.run.errors),
      pass: gateway.run.errors === 0,
      baseline: String(direct.run.errors),
    },
    {
      target: `CPU per command API + agent ≤ ${TARGET_CPU_MS} ms`,
      measured: msPer(apiAgent, gn),
      pass: apiAgentMs === null ? null : apiAgentMs <= TARGET_CPU_MS,
      baseline: `kube-sim ${msPer(dc['kube-sim'], dn)}/GET`,
    },
    info('CPU per command, API', gc.api, '—'),
    info('CPU per command, agent', gc.agent, '—'),
    info('CPU per command, Redis', gc.redis, '—'),
    info('CPU per command, kube-sim', gc['kube-sim'], `${msPer(dc['kube-sim'], dn)}/GET`),
    {
      target: `Redis calls per exec ≤ ${TARGET_REDIS_CALLS}`,
      measured: perExec.toFixed(2),
      pass: Number.isFinite(perExec) ? perExec <= TARGET_REDIS_CALLS : null,
      baseline: '0 (no Redis)',
    },
  ];
}
