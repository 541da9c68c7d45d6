// Latency of one `get pods` through the gateway against the same GET sent straight to kube-sim:
// one at a time (interleaved), then a fixed number of requests at a fixed width.
import { performance } from 'node:perf_hooks';
import { pool, timed } from './load.js';
import { fmt, summarize } from './stats.js';
import type { TargetRow } from './summary.js';

export interface Workload {
  /** The GET straight to kube-sim. */
  direct: () => Promise<void>;
  /** The same command through API, Redis and agent. */
  gateway: () => Promise<void>;
}

export interface LatencyOptions {
  sequential: number;
  concurrency: number;
  concurrentTotal: number;
}

export async function benchLatency(work: Workload, o: LatencyOptions): Promise<TargetRow[]> {
  // Interleaved, so both sides see the same machine noise.
  const seqDirect: number[] = [];
  const seqGateway: number[] = [];
  for (let i = 0; i < o.sequential; i++) {
    seqDirect.push(await timed(work.direct));
    seqGateway.push(await timed(work.gateway));
  }
  const t0 = performance.now();
  const conDirect = await pool(o.concurrentTotal, o.concurrency, work.direct);
  const t1 = performance.now();
  const conGateway = await pool(o.concurrentTotal, o.concurrency, work.gateway);
  const t2 = performance.now();

  const c = `(c=${o.concurrency}, n=${o.concurrentTotal})`;
  const rows: Array<[string, number[], number]> = [
    [`sequential direct   (n=${o.sequential})`, seqDirect, 0],
    [`sequential gateway  (n=${o.sequential})`, seqGateway, 0],
    [`concurrent direct   ${c}`, conDirect, t1 - t0],
    [`concurrent gateway  ${c}`, conGateway, t2 - t1],
  ];
  console.log(
    'get pods -n default: gateway (API + Redis + agent + kube-sim) vs direct GET to kube-sim',
  );
  for (const [name, samples, wall] of rows) {
    const s = summarize(samples);
    const rate = wall > 0 ? `  ${(samples.length / (wall / 1000)).toFixed(0)} req/s` : '';
    console.log(
      `${name.padEnd(44)} p50 ${fmt(s.p50).padStart(10)}  p99 ${fmt(s.p99).padStart(10)}${rate}`,
    );
  }
  const sd = summarize(seqDirect);
  const sg = summarize(seqGateway);
  const cd = summarize(conDirect);
  const cg = summarize(conGateway);
  console.log(
    `added latency, sequential: p50 ${fmt(sg.p50 - sd.p50)}  p99 ${fmt(sg.p99 - sd.p99)}  (ratio p50 ${(sg.p50 / sd.p50).toFixed(1)}x)  target p50 ≤ 3 ms, p99 ≤ 10 ms`,
  );
  console.log(
    `added latency, concurrent: p50 ${fmt(cg.p50 - cd.p50)}  p99 ${fmt(cg.p99 - cd.p99)}  (ratio p50 ${(cg.p50 / cd.p50).toFixed(1)}x)`,
  );
  return [
    {
      target: 'sequential added latency p50 ≤ 3 ms',
      measured: `${fmt(sg.p50 - sd.p50)} (gateway ${fmt(sg.p50)})`,
      pass: sg.p50 - sd.p50 <= 3,
      baseline: `direct p50 ${fmt(sd.p50)}`,
    },
    {
      target: 'sequential added latency p99 ≤ 10 ms',
      measured: `${fmt(sg.p99 - sd.p99)} (gateway ${fmt(sg.p99)})`,
      pass: sg.p99 - sd.p99 <= 10,
      baseline: `direct p99 ${fmt(sd.p99)}`,
    },
  ];
}
