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
}

async function cost(apiPid: number, call: () => Promise<void>): Promise<Cost> {
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
  return {
    wallMs: quantile(walls, 0.5),
    cpuMs: cpus.length === ROUNDS ? quantile(cpus, 0.5) : null,
  };
}

const ms = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(0)} ms`);

export async function benchObservation(
  stack: Stack,
  apiPid: number,
  clusters: number,
): Promise<TargetRow[]> {
  let bytes = 0;
  const scrape = await cost(apiPid, async () => {
    bytes = Buffer.byteLength(await stack.replica.metrics());
  });
  const listing = await cost(apiPid, async () => {
    const { status } = await stack.call('GET', '/v1/clusters', undefined, stack.adminKey);
    if (status !== 200) throw new Error(`GET /v1/clusters answered ${status}`);
  });
  console.log(
    `\nobserving ${clusters} registered clusters (median of ${ROUNDS}): /metrics scrape ${ms(scrape.wallMs)} wall, ${ms(scrape.cpuMs)} of API CPU, ${(bytes / 1e6).toFixed(1)} MB; GET /v1/clusters ${ms(listing.wallMs)} wall, ${ms(listing.cpuMs)} of API CPU`,
  );
  const row = (what: string, c: Cost): TargetRow => ({
    target: `${what} with ${clusters} clusters, API CPU`,
    measured: `${ms(c.cpuMs)} (${ms(c.wallMs)} wall)`,
    pass: null,
    baseline: '—',
  });
  return [row('/metrics scrape', scrape), row('GET /v1/clusters', listing)];
}
