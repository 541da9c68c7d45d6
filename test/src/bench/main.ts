// `npm run bench`: gateway latency for `get pods` through the whole stack (API, Redis, agent,
// kube-sim, all separate processes) against the same GET sent straight to kube-sim.
import { performance } from 'node:perf_hooks';
import { createKubeTransport, loadKubeConfigFile } from '@porthole/agent';
import { startStack } from '../harness/stack.js';
import { benchAuth } from './auth.js';
import { benchPolicy } from './policy.js';
import { benchRedaction } from './redaction.js';
import { fmt, summarize } from './stats.js';

const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const CONCURRENT_TOTAL = Number(process.env.BENCH_CONCURRENT_TOTAL ?? 640);
const TABLE =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

async function timed(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function pool(total: number, width: number, fn: () => Promise<void>): Promise<number[]> {
  const samples: number[] = [];
  let started = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (started < total) {
        started++;
        samples.push(await timed(fn));
      }
    }),
  );
  return samples;
}

async function main(): Promise<void> {
  benchPolicy();
  await benchAuth();
  benchRedaction();
  console.log('');
  // The benchmark measures latency, not the rate limiter.
  const stack = await startStack({
    clusters: ['bench'],
    apiEnv: { PORTHOLE_RATE_LIMIT_PER_MINUTE: '1000000' },
  });
  try {
    // As many agent slots as client concurrency, so the agent is not the queue being measured.
    await stack.startAgent('bench', { PORTHOLE_CONCURRENCY: String(CONCURRENCY) });
    const kube = createKubeTransport(loadKubeConfigFile(stack.kubeconfig));

    const direct = async () => {
      const res = await kube.get('/api/v1/namespaces/default/pods', TABLE);
      if (res.status !== 200) throw new Error(`direct GET failed: ${res.status}`);
    };
    const gateway = async () => {
      const res = await stack.call('POST', '/v1/clusters/bench/exec', {
        command: ['get', 'pods', '-n', 'default'],
      });
      if (res.status !== 200 || res.json.status !== 'succeeded')
        throw new Error(
          `gateway exec failed: ${res.status} ${String(res.json?.status)} ${String(res.json?.error ?? res.json?.message ?? '')}`,
        );
    };

    for (let i = 0; i < 30; i++) {
      await direct();
      await gateway();
    }

    // Interleaved, so both sides see the same machine noise.
    const seqDirect: number[] = [];
    const seqGateway: number[] = [];
    for (let i = 0; i < SEQUENTIAL; i++) {
      seqDirect.push(await timed(direct));
      seqGateway.push(await timed(gateway));
    }
    const t0 = performance.now();
    const conDirect = await pool(CONCURRENT_TOTAL, CONCURRENCY, direct);
    const t1 = performance.now();
    const conGateway = await pool(CONCURRENT_TOTAL, CONCURRENCY, gateway);
    const t2 = performance.now();

    const rows: Array<[string, number[], number]> = [
      [`sequential direct   (n=${SEQUENTIAL})`, seqDirect, 0],
      [`sequential gateway  (n=${SEQUENTIAL})`, seqGateway, 0],
      [`concurrent direct   (c=${CONCURRENCY}, n=${CONCURRENT_TOTAL})`, conDirect, t1 - t0],
      [`concurrent gateway  (c=${CONCURRENCY}, n=${CONCURRENT_TOTAL})`, conGateway, t2 - t1],
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
      `added latency, sequential: p50 ${fmt(sg.p50 - sd.p50)}  p99 ${fmt(sg.p99 - sd.p99)}  (ratio p50 ${(sg.p50 / sd.p50).toFixed(1)}x)`,
    );
    console.log(
      `added latency, concurrent: p50 ${fmt(cg.p50 - cd.p50)}  p99 ${fmt(cg.p99 - cd.p99)}  (ratio p50 ${(cg.p50 / cd.p50).toFixed(1)}x)`,
    );
  } finally {
    await stack.close();
  }
}

await main();
