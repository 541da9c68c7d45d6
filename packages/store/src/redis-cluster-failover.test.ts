// RedisStore while a Redis Cluster master dies under load: every call that fails must fail as
// StoreUnavailableError (what the API answers as 503 store_unavailable), never as a raw Redis
// reply such as MOVED, and the store must serve every Porthole cluster again once the replica
// has taken over, with no reconnect or restart from its owner.
import type { CommandEnvelope, Result } from '@porthole/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { envelope } from './conformance/harness.js';
import { StoreUnavailableError } from './errors.js';
import { createRedisStore } from './redis/store.js';
import type { Store } from './store.js';
import { randomPrefix, spawnRedisCluster, type SpawnedRedisCluster } from './testing/index.js';

const CLUSTERS = ['alpha', 'beta', 'gamma', 'delta'];
const WORKERS = 8;

let cluster: SpawnedRedisCluster;
let store: Store;

beforeAll(async () => {
  cluster = await spawnRedisCluster({ masters: 3, replicasPerMaster: 1, nodeTimeoutMs: 2000 });
  store = createRedisStore({
    clusterNodes: cluster.addresses,
    keyPrefix: randomPrefix(),
    // Connection drops are expected here; what matters is what the calls reject with.
    onBackgroundError: () => {},
  });
  await store.ping();
});

afterAll(async () => {
  await store?.close();
  await cluster?.close();
});

function resultOf(command: CommandEnvelope): Result {
  return {
    id: command.id,
    clusterId: command.clusterId,
    command: command.argv,
    status: 'succeeded',
    exitCode: 0,
    output: 'ok\n',
    error: null,
    truncated: false,
    outputBytes: 3,
    redactions: 0,
    durationMs: 1,
    createdAt: new Date(command.createdAt).toISOString(),
    completedAt: new Date().toISOString(),
  };
}

/** One round of what the API does for a command: rate limit, enqueue, claim, answer, read, audit. */
async function round(clusterId: string): Promise<void> {
  await store.rates.consume(`client:${clusterId}`, 1_000_000, 60_000);
  const command = envelope(clusterId, Date.now());
  await store.commands.enqueue(command);
  const claimed = await store.commands.claim(clusterId, 10, 30_000);
  for (const c of claimed) await store.commands.complete(resultOf(c));
  await store.commands.get(command.id);
  await store.audit.append({
    timestamp: new Date().toISOString(),
    event_type: 'command_executed',
    cluster_id: clusterId,
  });
}

it('fails calls only as StoreUnavailableError while a master dies, then serves every cluster again', async () => {
  let running = true;
  let succeeded = 0;
  const failures: unknown[] = [];
  let lastSuccessAt = 0;
  const workers = Array.from({ length: WORKERS }, async (_, i) => {
    for (let n = i; running; n += 1) {
      try {
        await round(CLUSTERS[n % CLUSTERS.length] ?? 'alpha');
        succeeded += 1;
        lastSuccessAt = Date.now();
      } catch (err) {
        failures.push(err);
        // A failing store answers at once; pause so the loop does not spin while it is down.
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  });
  const waitFor = async (what: string, check: () => boolean) => {
    const until = Date.now() + 90_000;
    while (!check()) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  try {
    await waitFor('rounds before the kill', () => succeeded >= 50);
    const killedAt = Date.now();
    const killed = await cluster.killMaster('{alpha}');
    await cluster.waitForFailover('{alpha}', killed, 60_000);
    await waitFor('a round after the kill', () => lastSuccessAt > killedAt);
    const before = succeeded;
    // Every cluster again, through the same store: its connections found the new master.
    await waitFor('more rounds after the failover', () => succeeded >= before + 50);
    for (const id of CLUSTERS) await round(id);
  } finally {
    running = false;
    await Promise.all(workers);
  }
  // The kill was felt (calls did fail), and each failure was typed.
  expect(failures.length).toBeGreaterThan(0);
  const untyped = failures.filter((err) => !(err instanceof StoreUnavailableError));
  expect(untyped.map((err) => String(err))).toEqual([]);
});
