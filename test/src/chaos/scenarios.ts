// The chaos scenarios: each starts its own stack, runs steady load, breaks one thing, repairs it,
// times the recovery and returns its row of the table.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  spawnRedisCluster,
  spawnRedisServer,
  type SpawnedRedis,
  type SpawnedRedisCluster,
} from '@porthole/store/testing';
import { startProcess, type Proc } from '../harness/process.js';
import { startStack, type Stack, type StackOptions } from '../harness/stack.js';
import { startBalancer, type Balancer } from './balancer.js';
import { startKubeProxy, type KubeProxy } from './kube-proxy.js';
import { recovery, startLoad, type Sent, type Target } from './load.js';
import { hungAfterMs, send } from './outcome.js';
import { summarizeScenario, type Row } from './report.js';

export interface ChaosSettings {
  /** Load clients per scenario, and each one's pause between requests. */
  clients: number;
  paceMs: number;
  /** Load before the fault, and after the recovery. */
  warmSeconds: number;
  tailSeconds: number;
  agentDownSeconds: number;
  /** How long the agent stays stopped: longer than the 15 s lease, or the scenario proves nothing. */
  stopSeconds: number;
  replicaDownSeconds: number;
  redisShortSeconds: number;
  redisLongSeconds: number;
  dripSeconds: number;
  floodCommands: number;
  /** Seconds the other key's `get ns` latency is sampled before the flood, as its baseline. */
  floodBaselineSeconds: number;
  /** Idle keep-alive timeout of the agent's kube-apiserver (the proxy in front of kube-sim). */
  kubeKeepAliveMs: number;
}

/** The lease the API holds a claimed command under (DEFAULT_LEASE_MS in the agent). */
const LEASE_SECONDS = 15;
const CLUSTER = 'chaos';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Rig {
  stack: Stack;
  kube: KubeProxy;
  target: Target;
  agentEnv: Record<string, string>;
  extra: Proc[];
  /** API processes whose logs say what an untyped answer was. */
  apis: Proc[];
  cleanups: Array<() => Promise<void>>;
}

async function rig(settings: ChaosSettings, options: StackOptions = {}): Promise<Rig> {
  const stack = await startStack({
    clusters: [CLUSTER],
    ...options,
    // The scenarios measure faults, not the rate limiter.
    apiEnv: { PORTHOLE_RATE_LIMIT_PER_MINUTE: '1000000', ...options.apiEnv },
  });
  try {
    const kube = await startKubeProxy({
      kubeconfig: stack.kubeconfig,
      kubeconfigOut: join(tmpdir(), `porthole-chaos-kube-${randomBytes(4).toString('hex')}`),
      keepAliveMs: settings.kubeKeepAliveMs,
    });
    return {
      stack,
      kube,
      target: { url: stack.apiUrl, token: stack.apiKey, cluster: CLUSTER },
      agentEnv: { KUBECONFIG: kube.kubeconfig },
      extra: [],
      apis: [stack.api],
      cleanups: [],
    };
  } catch (err) {
    await stack.close();
    throw err;
  }
}

async function teardown(r: Rig): Promise<void> {
  await Promise.all(r.extra.map((p) => p.stop()));
  await r.stack.close();
  await r.kube.close();
  for (const c of r.cleanups) await c();
}

/** Another agent process for the cluster, beside the one the harness tracks. */
async function extraAgent(r: Rig, env: Record<string, string> = {}): Promise<Proc> {
  const agent = startProcess(['agent/dist/main.js'], {
    PORTHOLE_API_URL: r.stack.apiUrl,
    PORTHOLE_CLUSTER_ID: CLUSTER,
    PORTHOLE_AGENT_TOKEN: r.stack.agentTokens[CLUSTER],
    PORTHOLE_API_PUBLIC_KEY: r.stack.publicKeyPem,
    ...r.agentEnv,
    ...env,
  });
  r.extra.push(agent);
  await agent.waitFor(/"msg":"command stream open"/, 60_000);
  return agent;
}

interface Fault {
  /** Breaks the thing; resolves once it is broken. */
  inject(): Promise<void>;
  holdMs: number;
  /** Mends it; resolves once mended (recovery is timed from then). */
  repair(): Promise<void>;
  timeoutSeconds: number;
  /** Where the recovery probes go, when not where the load goes (a restarted replica). */
  probeUrl?: string;
  notes?: () => string[];
}

/** Load until a few answers came, the fault, its repair with recovery probes, more load, the row. */
async function drive(
  name: string,
  r: Rig,
  settings: ChaosSettings,
  fault: Fault,
  target: Target = r.target,
): Promise<Row> {
  const load = startLoad(target, {
    clients: settings.clients,
    paceMs: settings.paceMs,
    timeoutSeconds: fault.timeoutSeconds,
  });
  const probes: Sent[] = [];
  let seconds: number | null = null;
  let repairSeconds = 0;
  try {
    const warmUntil = Date.now() + settings.warmSeconds * 1000;
    // Warm: the load is flowing (answers came back ok) and has run its time.
    while (Date.now() < warmUntil || load.sent.filter((s) => s.outcome === 'ok').length < 2) {
      if (Date.now() > warmUntil + 60_000) throw new Error(`${name}: no load answered ok in 60 s`);
      await sleep(100);
    }
    await fault.inject();
    await sleep(fault.holdMs);
    const repairStart = Date.now();
    await fault.repair();
    // Timed from the repair's end (a process back and listening, Redis ready): what is measured is
    // how soon Porthole serves again, not how long a process takes to start on this machine.
    const repairedAt = Date.now();
    repairSeconds = (repairedAt - repairStart) / 1000;
    seconds = await recovery(
      target,
      repairedAt,
      {
        everyMs: 250,
        timeoutSeconds: fault.timeoutSeconds,
        giveUpMs: 60_000,
        ...(fault.probeUrl ? { url: fault.probeUrl } : {}),
      },
      probes,
    );
    await sleep(settings.tailSeconds * 1000);
  } finally {
    await load.stop();
  }
  const row = summarizeScenario(
    name,
    [...load.sent, ...probes],
    r.kube,
    { seconds, expected: true },
    [
      ...(fault.notes?.() ?? []),
      ...(repairSeconds >= 0.1 ? [`the repair itself took ${repairSeconds.toFixed(1)} s`] : []),
    ],
  );
  if (row.untyped > 0) row.notes.push(...unhandled(r.apis));
  return row;
}

/** The distinct causes the APIs logged for their opaque 500s. */
function unhandled(apis: Proc[]): string[] {
  const causes = new Set<string>();
  for (const api of apis)
    for (const line of api.output().split('\n')) {
      if (!line.includes('"msg":"unhandled error"')) continue;
      try {
        const { err, route } = JSON.parse(line) as { err?: unknown; route?: unknown };
        causes.add(`API logged an unhandled error on ${String(route)}: ${JSON.stringify(err)}`);
      } catch {
        causes.add(`API logged: ${line.slice(0, 300)}`);
      }
    }
  return [...causes].slice(0, 5);
}

export async function agentKill(settings: ChaosSettings): Promise<Row> {
  const r = await rig(settings);
  try {
    const agent = await r.stack.startAgent(CLUSTER, r.agentEnv);
    return await drive('agent SIGKILL', r, settings, {
      timeoutSeconds: 20,
      inject: async () => {
        agent.child.kill('SIGKILL');
        await agent.exited;
      },
      holdMs: settings.agentDownSeconds * 1000,
      repair: async () => {
        await r.stack.startAgent(CLUSTER, r.agentEnv);
      },
    });
  } finally {
    await teardown(r);
  }
}

export async function agentStop(settings: ChaosSettings): Promise<Row> {
  if (settings.stopSeconds <= LEASE_SECONDS)
    throw new Error(`the agent must stay stopped longer than the ${LEASE_SECONDS} s lease`);
  const r = await rig(settings);
  try {
    const stopped = await r.stack.startAgent(CLUSTER, r.agentEnv);
    // A second agent, so a lapsed lease has somewhere to go while the first is frozen.
    const other = await extraAgent(r);
    return await drive('agent SIGSTOP > lease', r, settings, {
      // Long enough that a command frozen with the agent is handed on and answered in time.
      timeoutSeconds: settings.stopSeconds + 15,
      inject: async () => {
        stopped.child.kill('SIGSTOP');
      },
      holdMs: settings.stopSeconds * 1000,
      repair: async () => {
        stopped.child.kill('SIGCONT');
      },
      notes: () => {
        const dropped = [stopped, other]
          .map((a) => (a.output().match(/dropped a redelivered copy/g) ?? []).length)
          .reduce((a, b) => a + b, 0);
        const late = [stopped, other]
          .map((a) => (a.output().match(/another answer was first/g) ?? []).length)
          .reduce((a, b) => a + b, 0);
        return [
          `stopped ${settings.stopSeconds} s (lease ${LEASE_SECONDS} s); agents dropped ${dropped} redelivered copies and had ${late} answers refused as second`,
        ];
      },
    });
  } finally {
    await teardown(r);
  }
}

export async function replicaKill(settings: ChaosSettings): Promise<Row> {
  const r = await rig(settings);
  let balancer: Balancer | null = null;
  try {
    const victim = await r.stack.startReplica();
    r.apis.push(victim.proc);
    balancer = await startBalancer([r.stack.apiUrl, victim.url]);
    const lb = balancer;
    await r.stack.startAgent(CLUSTER, { ...r.agentEnv, PORTHOLE_API_URL: lb.url });
    const port = new URL(victim.url).port;
    return await drive(
      'API replica SIGKILL',
      r,
      settings,
      {
        timeoutSeconds: 20,
        inject: async () => {
          victim.proc.child.kill('SIGKILL');
          await victim.proc.exited;
        },
        holdMs: settings.replicaDownSeconds * 1000,
        repair: async () => {
          const again = await r.stack.startReplica({ PORTHOLE_PORT: port });
          r.apis.push(again.proc);
          if (again.url !== victim.url) throw new Error(`the replica came back on ${again.url}`);
        },
        // Recovery is the restarted replica answering, not its twin covering for it.
        probeUrl: victim.url,
        notes: () => [
          `round-robin balancer over 2 replicas; ${lb.retries()} requests retried on the other replica after theirs died`,
        ],
      },
      { ...r.target, url: lb.url },
    );
  } finally {
    await teardown(r);
    await balancer?.close();
  }
}

export async function redisKill(settings: ChaosSettings, downSeconds: number): Promise<Row> {
  // A Redis of its own, so it can be killed and started again on the same port.
  let redis: SpawnedRedis = await spawnRedisServer();
  const r = await rig(settings, { apiEnv: { REDIS_URL: redis.url } }).catch(
    async (err: unknown) => {
      await redis.close();
      throw err;
    },
  );
  r.cleanups.push(() => redis.close());
  try {
    await r.stack.startAgent(CLUSTER, r.agentEnv);
    return await drive(`Redis SIGKILL ${downSeconds} s`, r, settings, {
      timeoutSeconds: 10,
      inject: () => redis.kill(),
      holdMs: downSeconds * 1000,
      repair: async () => {
        redis = await spawnRedisServer({ port: redis.port });
      },
      notes: () => ['restarted empty on the same port (no persistence)'],
    });
  } finally {
    await teardown(r);
  }
}

export async function redisClusterMasterKill(settings: ChaosSettings): Promise<Row> {
  const cluster: SpawnedRedisCluster = await spawnRedisCluster({
    masters: 3,
    replicasPerMaster: 1,
  });
  const r = await rig(settings, {
    apiEnv: { REDIS_URL: '', REDIS_CLUSTER_NODES: cluster.addresses.join(',') },
  }).catch(async (err: unknown) => {
    await cluster.close();
    throw err;
  });
  r.cleanups.push(() => cluster.close());
  // Every key of the cluster carries its hash tag, so one master owns all of its commands.
  const slotKey = `{${CLUSTER}}`;
  let failoverSeconds: number | null = null;
  try {
    await r.stack.startAgent(CLUSTER, r.agentEnv);
    let killedAt = 0;
    return await drive('Redis Cluster master kill', r, settings, {
      timeoutSeconds: 10,
      inject: async () => {
        killedAt = Date.now();
        const dead = await cluster.killMaster(slotKey);
        // Nobody repairs anything: the cluster promotes the replica by itself.
        void cluster
          .waitForFailover(slotKey, dead, 60_000)
          .then(() => (failoverSeconds = (Date.now() - killedAt) / 1000));
      },
      holdMs: 0,
      repair: async () => {},
      notes: () => [
        `recovery counted from the kill (no repair); the replica took over after ${failoverSeconds === null ? '?' : failoverSeconds.toFixed(1)} s`,
      ],
    });
  } finally {
    await teardown(r);
  }
}

export async function drip(settings: ChaosSettings): Promise<Row> {
  const r = await rig(settings);
  try {
    await r.stack.startAgent(CLUSTER, r.agentEnv);
    return await drive('drip-feeding apiserver', r, settings, {
      timeoutSeconds: 6,
      inject: async () => r.kube.setMode('drip'),
      holdMs: settings.dripSeconds * 1000,
      repair: async () => r.kube.setMode('pass'),
      notes: () => [
        `every kube answer dripped one byte per 2 s for ${settings.dripSeconds} s; answers already dripping kept dripping`,
      ],
    });
  } finally {
    await teardown(r);
  }
}

const percentile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
};

/** The most another key's `get ns` may wait longer while one key floods the cluster. */
export const FLOOD_EXTRA_WAIT_TARGET_MS = 2_000;

export async function flood(settings: ChaosSettings): Promise<Row> {
  // The default rate limit: a flooder meeting it gets 429 rate_limited, a typed answer.
  const stack = await startStack({ clusters: [CLUSTER] });
  try {
    await stack.startAgent(CLUSTER);
    const issued = await stack.call(
      'POST',
      '/v1/admin/api-keys',
      { name: 'flooder' },
      stack.adminKey,
    );
    if (issued.status !== 201) throw new Error(`cannot issue the flooder's key: ${issued.status}`);
    const flooder = issued.json.key as string;
    const sent: Array<{ outcome: Sent['outcome']; detail: string; ms: number }> = [];
    const getNs = async () => {
      const start = Date.now();
      const a = await send(`${stack.apiUrl}/v1/clusters/${CLUSTER}/exec`, {
        token: stack.apiKey,
        body: { command: 'get ns', timeoutSeconds: 30 },
        hungAfterMs: hungAfterMs(30),
      });
      sent.push({ outcome: a.outcome, detail: a.detail, ms: a.endedAt - start });
      return a;
    };
    const steady = async (until: () => boolean) => {
      const ms: number[] = [];
      while (!until()) {
        const a = await getNs();
        if (a.outcome === 'ok') ms.push(sent.at(-1)!.ms);
        await sleep(settings.paceMs);
      }
      return ms;
    };
    const baseUntil = Date.now() + settings.floodBaselineSeconds * 1000;
    const baseline = await steady(() => Date.now() > baseUntil && sent.length >= 5);

    let flooding = true;
    const during = steady(() => !flooding);
    // The flood: every command queued at once, 16 submissions in flight.
    const ids: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < settings.floodCommands) {
          next++;
          const a = await send(`${stack.apiUrl}/v1/clusters/${CLUSTER}/commands`, {
            token: flooder,
            body: { command: 'describe pods -A', timeoutSeconds: 120 },
            hungAfterMs: hungAfterMs(10),
          });
          sent.push({ outcome: a.outcome, detail: a.detail, ms: 0 });
          const id = (a.json as { id?: unknown } | null)?.id;
          if (a.status === 202 && typeof id === 'string') ids.push(id);
        }
      }),
    );
    // Over when the last one queued has its result (or its deadline passed).
    const last = ids.at(-1);
    const floodStart = Date.now();
    while (last && Date.now() < floodStart + 130_000) {
      const a = await send(`${stack.apiUrl}/v1/commands/${last}?wait=20`, {
        method: 'GET',
        token: flooder,
        hungAfterMs: hungAfterMs(21),
      });
      const status = (a.json as { status?: unknown } | null)?.status;
      if (a.status !== 200 || (status !== 'queued' && status !== 'running')) break;
    }
    const floodSeconds = (Date.now() - floodStart) / 1000;
    flooding = false;
    const under = await during;

    const base = percentile(baseline, 0.5);
    const extraP50 = Math.max(0, percentile(under, 0.5) - base);
    const extraMax = Math.max(0, Math.max(...under) - base);
    const row = summarizeScenario(
      'flooding principal',
      sent.map((s) => ({ ...s, label: '', resultStatus: null })),
      null,
      { seconds: null, expected: false },
      [
        `${ids.length} of ${settings.floodCommands} \`describe pods -A\` queued by one key, drained in ${floodSeconds.toFixed(1)} s; the other key's \`get ns\` (${under.length} during the flood) waited ${extraP50.toFixed(0)} ms more at p50, ${extraMax.toFixed(0)} ms more at worst (baseline p50 ${base.toFixed(0)} ms)`,
      ],
    );
    row.extraWait = {
      p50Ms: extraP50,
      maxMs: extraMax,
      baselineP50Ms: base,
      samples: under.length,
    };
    if (under.length === 0) row.misses.push('no `get ns` answered during the flood');
    else if (extraMax > FLOOD_EXTRA_WAIT_TARGET_MS)
      row.misses.push(
        `other key waited ${extraMax.toFixed(0)} ms more > ${FLOOD_EXTRA_WAIT_TARGET_MS} ms`,
      );
    return row;
  } finally {
    await stack.close();
  }
}
