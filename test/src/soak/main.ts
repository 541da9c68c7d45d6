// `npm run soak`: a burst of SOAK_BURST_CLIENTS clients for SOAK_BURST_SECONDS, then
// SOAK_STEADY_MINUTES at SOAK_STEADY_RATE commands a second, through the whole stack. Every
// SOAK_SAMPLE_SECONDS it samples each process's RSS, event-loop delay and active resources
// (sockets, timers), and Redis' memory and key count; it fits a least-squares slope to each over
// the steady phase after SOAK_WARMUP_SECONDS (default: the result TTL, SOAK_RESULT_TTL_SECONDS,
// plus 30 s, as stored results level off only then) and says whether anything grows.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { localRedisPid } from '../bench/cost.js';
import { processName, rssKb } from '../bench/proc.js';
import { RedisInfo } from '../bench/redis-info.js';
import { summarize } from '../bench/stats.js';
import { send, type Answer, type Outcome } from '../chaos/outcome.js';
import { REPO_ROOT, type Proc } from '../harness/process.js';
import { startStack, type Stack } from '../harness/stack.js';
import { trend, type Trend } from './slope.js';

function num(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number`);
  return n;
}

const BURST_CLIENTS = Math.round(num('SOAK_BURST_CLIENTS', 1000));
const BURST_SECONDS = num('SOAK_BURST_SECONDS', 60);
/**
 * API keys the burst's clients are spread over: one key may hold at most 100 queued commands per
 * cluster (PORTHOLE_MAX_QUEUED_PER_PRINCIPAL), and a thousand users are not one principal.
 */
const BURST_KEYS = Math.max(1, Math.round(num('SOAK_BURST_KEYS', 20)));
const STEADY_MINUTES = num('SOAK_STEADY_MINUTES', 30);
const STEADY_RATE = num('SOAK_STEADY_RATE', 20);
const SAMPLE_SECONDS = num('SOAK_SAMPLE_SECONDS', 5);
/** The API's result TTL: stored results (and Redis' key count) level off after it. */
const RESULT_TTL_SECONDS = Math.round(num('SOAK_RESULT_TTL_SECONDS', 300));
const WARMUP_SECONDS = num('SOAK_WARMUP_SECONDS', RESULT_TTL_SECONDS + 30);
const REPORT = process.env.SOAK_REPORT ?? join(REPO_ROOT, 'test/.vitest/soak-report.json');
/**
 * A series grows when its fitted slope, carried over the steady phase, adds more than this share
 * of its mean: a sawtooth around a level (GC, pooled sockets) stays under it.
 */
const GROWTH_SHARE = 0.1;
const TIMEOUT_SECONDS = 30;
const COMMANDS = [
  ['get', 'pods', '-n', 'default'],
  ['get', 'ns'],
  ['get', 'deployments', '-A', '-o', 'wide'],
  ['describe', 'ns', 'default'],
];

interface ProcSample {
  rssKb: number | null;
  lagP99Ms: number | null;
  lagMaxMs: number | null;
  /** Active resources (prom-client's nodejs_active_resources / the probe's count). */
  resources: number | null;
  timers: number | null;
}

interface Sample {
  t: number;
  phase: 'burst' | 'steady';
  procs: Record<string, ProcSample>;
  redis: { usedMemoryKb: number | null; keys: number | null };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const gauge = (text: string, name: string, labels = ''): number | null => {
  const escaped = `${name}${labels}`.replace(/[{}"=]/g, (c) => `\\${c}`);
  const m = new RegExp(`^${escaped} ([0-9.eE+-]+)$`, 'm').exec(text);
  return m ? Number(m[1]) : null;
};

async function apiSample(stack: Stack): Promise<ProcSample> {
  const text = await stack.replica.metrics();
  const secondsToMs = (v: number | null) => (v === null ? null : v * 1000);
  return {
    rssKb: rssKb(stack.api.child.pid!),
    lagP99Ms: secondsToMs(gauge(text, 'porthole_nodejs_eventloop_lag_p99_seconds')),
    lagMaxMs: secondsToMs(gauge(text, 'porthole_nodejs_eventloop_lag_max_seconds')),
    resources: gauge(text, 'porthole_nodejs_active_resources_total'),
    timers: gauge(text, 'porthole_nodejs_active_resources', '{type="Timeout"}'),
  };
}

/**
 * A sample of the API, tried twice: a scrape can meet a kept-alive connection the metrics
 * listener is closing as idle. A sample that fails both times is counted and left empty.
 */
async function apiSampleOrNothing(stack: Stack, failures: string[]): Promise<ProcSample> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await apiSample(stack);
    } catch (err) {
      if (attempt < 2) continue;
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
      failures.push(`metrics scrape failed twice (${cause})`);
      return {
        rssKb: rssKb(stack.api.child.pid!),
        lagP99Ms: null,
        lagMaxMs: null,
        resources: null,
        timers: null,
      };
    }
  }
}

/** The agent's latest probe line (it has no metrics port; see probe.ts). */
function agentSample(agent: Proc, seenLines: { n: number }): ProcSample {
  const lines = agent.output().match(/^porthole-soak-probe .*$/gm) ?? [];
  const last = lines.length > seenLines.n ? lines.at(-1) : undefined;
  seenLines.n = lines.length;
  const rss = rssKb(agent.child.pid!);
  if (!last) return { rssKb: rss, lagP99Ms: null, lagMaxMs: null, resources: null, timers: null };
  const probe = JSON.parse(last.slice('porthole-soak-probe '.length)) as {
    p99Ms: number;
    maxMs: number;
    byType: Record<string, number>;
  };
  return {
    rssKb: rss,
    lagP99Ms: probe.p99Ms,
    lagMaxMs: probe.maxMs,
    resources: Object.values(probe.byType).reduce((a, b) => a + b, 0),
    timers: probe.byType.Timeout ?? 0,
  };
}

interface Tally {
  counts: Record<Outcome, number>;
  typedBy: Record<string, number>;
  okMs: number[];
  samples: Set<string>;
}
const newTally = (): Tally => ({
  counts: { ok: 0, typed: 0, untyped: 0, hung: 0 },
  typedBy: {},
  okMs: [],
  samples: new Set(),
});

let turn = 0;
/** One command; a 429 is honoured as a client would, by waiting its Retry-After. */
async function exec(stack: Stack, token: string, tally: Tally): Promise<void> {
  const command = COMMANDS[turn++ % COMMANDS.length]!;
  const start = Date.now();
  const a: Answer = await send(`${stack.apiUrl}/v1/clusters/soak/exec`, {
    token,
    body: { command, timeoutSeconds: TIMEOUT_SECONDS },
    hungAfterMs: (TIMEOUT_SECONDS + 1) * 1000,
  });
  tally.counts[a.outcome]++;
  if (a.outcome === 'ok') tally.okMs.push(a.endedAt - start);
  else if (a.outcome === 'typed') tally.typedBy[a.detail] = (tally.typedBy[a.detail] ?? 0) + 1;
  else if (tally.samples.size < 5) tally.samples.add(a.detail);
  if (a.status === 429) await sleep(Number(a.retryAfter ?? 1) * 1000);
}

function describeTally(name: string, tally: Tally): string {
  const s = summarize(tally.okMs);
  const c = tally.counts;
  const typed = Object.entries(tally.typedBy)
    .map(([what, n]) => `${n} ${what}`)
    .join(', ');
  return `${name}: ${c.ok} ok, ${c.typed} typed${typed ? ` (${typed})` : ''}, ${c.untyped} untyped, ${c.hung} hung; ok latency p50 ${s.p50.toFixed(0)} ms, p99 ${s.p99.toFixed(0)} ms${tally.samples.size ? `; e.g. ${[...tally.samples].join(' | ')}` : ''}`;
}

async function main(): Promise<void> {
  const probe = pathToFileURL(join(REPO_ROOT, 'test/dist/soak/probe.js')).href;
  const stack = await startStack({
    clusters: ['soak'],
    // The soak measures the processes, not the rate limiter.
    apiEnv: {
      PORTHOLE_RATE_LIMIT_PER_MINUTE: '1000000',
      PORTHOLE_RESULT_TTL_SECONDS: String(RESULT_TTL_SECONDS),
    },
    nodeArgs: { agent: ['--import', probe] },
  });
  try {
    const agent = await stack.startAgent('soak', {
      PORTHOLE_CONCURRENCY: '16',
      PORTHOLE_SOAK_PROBE_MS: String(SAMPLE_SECONDS * 1000),
    });
    const redis = new RedisInfo(stack.redisUrl);
    const redisPid = await localRedisPid(redis, (pid) =>
      (processName(pid) ?? '').startsWith('redis'),
    );
    const started = Date.now();
    const samples: Sample[] = [];
    let phase: Sample['phase'] = 'burst';
    let sampling = true;
    const probeLines = { n: 0 };
    const failures: string[] = [];
    const sampler = (async () => {
      while (sampling) {
        // A sample that fails is counted and skipped: the soak goes on, and its stack is closed.
        try {
          const t = (Date.now() - started) / 1000;
          const memory = await redis.info('memory');
          const keyspace = await redis.info('keyspace');
          const keys = /keys=(\d+)/.exec(keyspace.get('db0') ?? '')?.[1];
          samples.push({
            t,
            phase,
            procs: {
              api: await apiSampleOrNothing(stack, failures),
              agent: agentSample(agent, probeLines),
              'kube-sim': {
                rssKb: rssKb(stack.kubeSim.child.pid!),
                lagP99Ms: null,
                lagMaxMs: null,
                resources: null,
                timers: null,
              },
              ...(redisPid === null
                ? {}
                : {
                    redis: {
                      rssKb: rssKb(redisPid),
                      lagP99Ms: null,
                      lagMaxMs: null,
                      resources: null,
                      timers: null,
                    },
                  }),
            },
            redis: {
              usedMemoryKb: Number(memory.get('used_memory') ?? NaN) / 1024,
              keys: keys === undefined ? 0 : Number(keys),
            },
          });
        } catch (err) {
          failures.push(`sample failed (${(err as Error).message})`);
        }
        await sleep(SAMPLE_SECONDS * 1000);
      }
    })();

    const keys: string[] = [];
    for (let i = 0; i < BURST_KEYS; i++) {
      const issued = await stack.call(
        'POST',
        '/v1/admin/api-keys',
        { name: `soak-${i}` },
        stack.adminKey,
      );
      if (issued.status !== 201) throw new Error(`cannot issue a soak key: ${issued.status}`);
      keys.push(issued.json.key as string);
    }
    // The runner's own event loop: a late timer here could pass for a hung request.
    const runnerDelay = monitorEventLoopDelay({ resolution: 10 });
    runnerDelay.enable();

    // Burst: every client sends its next command as soon as the last one is answered.
    console.log(
      `burst: ${BURST_CLIENTS} clients over ${BURST_KEYS} API keys for ${BURST_SECONDS} s`,
    );
    const burst = newTally();
    const burstUntil = Date.now() + BURST_SECONDS * 1000;
    await Promise.all(
      Array.from({ length: BURST_CLIENTS }, async (_, i) => {
        while (Date.now() < burstUntil) await exec(stack, keys[i % keys.length]!, burst);
      }),
    );
    console.log(
      `${describeTally('burst', burst)}; this runner's event-loop delay max ${(runnerDelay.max / 1e6).toFixed(0)} ms`,
    );
    runnerDelay.reset();

    // Steady: commands at a fixed rate, whatever the answers' latency (an open loop).
    phase = 'steady';
    const steadyStart = (Date.now() - started) / 1000;
    console.log(`steady: ${STEADY_RATE}/s for ${STEADY_MINUTES} min`);
    const steady = newTally();
    const inFlight = new Set<Promise<void>>();
    const total = Math.round(STEADY_MINUTES * 60 * STEADY_RATE);
    const t0 = Date.now();
    for (let i = 0; i < total; i++) {
      const due = t0 + (i * 1000) / STEADY_RATE;
      if (due > Date.now()) await sleep(due - Date.now());
      const p = exec(stack, stack.apiKey, steady).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await Promise.all(inFlight);
    console.log(
      `${describeTally('steady', steady)}; this runner's event-loop delay max ${(runnerDelay.max / 1e6).toFixed(0)} ms`,
    );
    runnerDelay.disable();
    sampling = false;
    await sampler;

    const fitFrom = steadyStart + WARMUP_SECONDS;
    const fitted = samples.filter((s) => s.phase === 'steady' && s.t >= fitFrom);
    const phaseMinutes = fitted.length ? (fitted.at(-1)!.t - fitted[0]!.t) / 60 : 0;
    const rows: Array<{
      series: string;
      unit: string;
      trend: Trend | null;
      verdict: string;
      /** Whether a growth here fails the soak (see `judged` below). */
      judged: boolean;
    }> = [];
    /**
     * `floor`: growth under it is noise whatever the mean (a few timers of requests in flight).
     * Not judged: event-loop delay (a shared machine's noise), kube-sim (a test tool that keeps
     * every request it served) and Redis memory, which rises while the audit stream fills to its
     * 100,000-event cap; Redis' key count is the bounded state's measure.
     */
    const add = (
      series: string,
      unit: string,
      floor: number,
      judged: boolean,
      pick: (s: Sample) => number | null | undefined,
    ) => {
      const points = fitted
        .map((s) => [s.t, pick(s)] as const)
        .filter(
          (p): p is readonly [number, number] => typeof p[1] === 'number' && Number.isFinite(p[1]),
        )
        .map(([t, y]) => [t, y] as [number, number]);
      const tr = trend(points);
      let verdict = 'too few samples';
      if (tr) {
        const growth = tr.slopePerMin * phaseMinutes;
        verdict = growth > Math.max(GROWTH_SHARE * tr.mean, floor) ? 'GROWS' : 'flat';
      }
      rows.push({ series, unit, trend: tr, verdict, judged });
    };
    for (const name of Object.keys(fitted[0]?.procs ?? {})) {
      const product = name === 'api' || name === 'agent' || name === 'redis';
      add(`${name} RSS`, 'KB', 0, product, (s) => s.procs[name]?.rssKb);
      add(`${name} event-loop delay p99`, 'ms', 20, false, (s) => s.procs[name]?.lagP99Ms);
      add(`${name} active resources`, '', 10, product, (s) => s.procs[name]?.resources);
      add(`${name} active timers`, '', 10, product, (s) => s.procs[name]?.timers);
    }
    add('Redis used_memory', 'KB', 0, false, (s) => s.redis.usedMemoryKb);
    add('Redis keys', '', 100, true, (s) => s.redis.keys);
    const shown = rows.filter((r) => r.trend !== null);
    if (failures.length > 0)
      console.log(`${failures.length} samples empty or partial: ${failures[0]}`);

    const f = (n: number, d = 1) => n.toFixed(d);
    console.log(
      `\nslopes over ${f(phaseMinutes)} min of the steady phase (${fitted.length} samples every ${SAMPLE_SECONDS} s, the first ${WARMUP_SECONDS} s after the burst left out):\n`,
    );
    console.log('| series | first | last | mean | slope per min | verdict |');
    console.log('|---|---:|---:|---:|---:|---|');
    for (const r of shown) {
      const t = r.trend!;
      const u = r.unit ? ` ${r.unit}` : '';
      console.log(
        `| ${r.series} | ${f(t.first)}${u} | ${f(t.last)}${u} | ${f(t.mean)}${u} | ${f(t.slopePerMin, 2)}${u}/min | ${r.judged ? r.verdict : `(${r.verdict}, not judged)`} |`,
      );
    }
    mkdirSync(dirname(REPORT), { recursive: true });
    writeFileSync(
      REPORT,
      `${JSON.stringify(
        {
          settings: {
            BURST_CLIENTS,
            BURST_SECONDS,
            STEADY_MINUTES,
            STEADY_RATE,
            SAMPLE_SECONDS,
            WARMUP_SECONDS,
            RESULT_TTL_SECONDS,
          },
          burst: burst.counts,
          steady: steady.counts,
          slopes: shown,
          sampleFailures: failures,
          samples,
        },
        null,
        2,
      )}\n`,
    );
    console.log(`\nwritten to ${REPORT}`);
    const bad =
      burst.counts.untyped + burst.counts.hung + steady.counts.untyped + steady.counts.hung > 0 ||
      shown.some((r) => r.verdict === 'GROWS' && r.judged);
    process.exitCode = bad ? 1 : 0;
  } finally {
    await stack.close();
  }
}

await main();
