// What watching N registered clusters costs the API: a Prometheus scrape of /metrics and an
// operator's GET /v1/clusters, each timed (wall) and charged (the API's CPU, from /proc). Both
// grow with the clusters registered, not with the agents connected, so the idle-agents phase
// measures them here, before its baseline, and never between its memory readings.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Stack } from '../harness/stack.js';
import { cpuSeconds } from './proc.js';
import { quantile } from './stats.js';
import type { TargetRow } from './summary.js';

const ROUNDS = 3;

interface Cost {
  wallMs: number;
  cpuMs: number | null;
  /** The longest another request (GET /healthz, one after another) waited while it ran. */
  stallMs: number;
}

/** Runs `call` once while asking /healthz again and again; the longest answer time. */
async function stall(stack: Stack, call: () => Promise<void>): Promise<number> {
  let running = true;
  let longest = 0;
  const probe = (async () => {
    while (running) {
      const t0 = performance.now();
      const res = await fetch(`${stack.apiUrl}/healthz`);
      await res.arrayBuffer();
      longest = Math.max(longest, performance.now() - t0);
      await sleep(2);
    }
  })();
  try {
    await sleep(100);
    await call();
  } finally {
    running = false;
    await probe;
  }
  return longest;
}

async function cost(stack: Stack, apiPid: number, call: () => Promise<void>): Promise<Cost> {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    // Apart, so that one call's tail (its socket writes, a collection) is not charged to the next.
    await sleep(500);
    const cpu0 = cpuSeconds(apiPid);
    const t0 = performance.now();
    await call();
    walls.push(performance.now() - t0);
    const cpu1 = cpuSeconds(apiPid);
    if (cpu0 !== null && cpu1 !== null) cpus.push((cpu1 - cpu0) * 1000);
  }
  // A round of its own, so that the probe's requests are not in the CPU above.
  await sleep(500);
  return {
    wallMs: quantile(walls, 0.5),
    cpuMs: cpus.length === ROUNDS ? quantile(cpus, 0.5) : null,
    stallMs: await stall(stack, call),
  };
}

const ms = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(0)} ms`);

export async function benchObservation(
  stack: Stack,
  apiPid: number,
  clusters: number,
): Promise<TargetRow[]> {
  let bytes = 0;
  const scrape = await cost(stack, apiPid, async () => {
    bytes = Buffer.byteLength(await stack.replica.metrics());
  });
  const listing = await cost(stack, apiPid, async () => {
    const { status } = await stack.call('GET', '/v1/clusters', undefined, stack.adminKey);
    if (status !== 200) throw new Error(`GET /v1/clusters answered ${status}`);
  });
  console.log(
    `\nobserving ${clusters} registered clusters (median of ${ROUNDS}; held up: the longest a /healthz waited in one more round): /metrics scrape ${ms(scrape.wallMs)} wall, ${ms(scrape.cpuMs)} of API CPU, ${(bytes / 1e6).toFixed(1)} MB, held up ${ms(scrape.stallMs)}; GET /v1/clusters ${ms(listing.wallMs)} wall, ${ms(listing.cpuMs)} of API CPU, held up ${ms(listing.stallMs)}`,
  );
  const row = (what: string, c: Cost): TargetRow => ({
    target: `${what} with ${clusters} clusters, API CPU`,
    measured: `${ms(c.cpuMs)} (${ms(c.wallMs)} wall, held others up ${ms(c.stallMs)})`,
    pass: null,
    baseline: '—',
  });
  return [row('/metrics scrape', scrape), row('GET /v1/clusters', listing)];
}
