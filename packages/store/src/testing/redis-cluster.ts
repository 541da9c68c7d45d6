// A real multi-node Redis Cluster for tests: masters and replicas as redis-server processes on
// free ports, slots split across the masters, and ways to kill a node as a crash would.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import { Redis } from 'ioredis';
import { keySlot } from './key-slot.js';
import {
  ensureRedisServer,
  freePort,
  startRedisProcess,
  type RedisProcess,
} from './redis-server.js';

export interface RedisClusterOptions {
  /** Default 3. */
  masters?: number;
  /** Default 1. */
  replicasPerMaster?: number;
  /** `requirepass` on every node, and `masterauth` so replicas can sync. */
  password?: string;
  /** Serve TLS only (client, replication and cluster bus), with a throwaway CA made by openssl. */
  tls?: boolean;
  /** `cluster-node-timeout`: how long a master may be silent before its replica takes over. Default 2000. */
  nodeTimeoutMs?: number;
  /** How long the cluster may take to form (slots agreed, replicas in sync). Default 60 s. */
  formTimeoutMs?: number;
}

export interface RedisClusterNode {
  /** `127.0.0.1:<port>`, the form `clusterNodes` takes. */
  readonly address: string;
  readonly port: number;
  /** The node id (CLUSTER MYID). */
  readonly id: string;
  /** What it was created as; after a failover the live roles differ (see `ownerOf`). */
  readonly startedAs: 'master' | 'replica';
  /** Whether the process has exited (killed). */
  exited(): boolean;
}

export interface SpawnedRedisCluster {
  readonly nodes: readonly RedisClusterNode[];
  /** Every node's address: the seed list for `clusterNodes` / `REDIS_CLUSTER_NODES`. */
  readonly addresses: string[];
  /** The password, when the cluster has one. */
  readonly password: string | undefined;
  /** With `tls`: the CA certificate (PEM) and its file, which clients must trust. */
  readonly tls: { caPem: string; caFile: string } | undefined;
  /** Options for an ioredis connection to a node of this cluster (password, TLS). */
  readonly connectionOptions: { password?: string; tls?: ConnectionOptions };
  /** The master that owns `key`'s slot now, as a live node sees it. */
  ownerOf(key: string): Promise<RedisClusterNode>;
  /** SIGKILLs the master owning `key`'s slot, as a crash would, and returns it. */
  killMaster(key: string): Promise<RedisClusterNode>;
  /** SIGKILLs one node and waits for it to exit. */
  kill(node: RedisClusterNode): Promise<void>;
  /**
   * Resolves once every live node reports `cluster_state:ok` and says a live node other than
   * `dead` owns `key`'s slot: the failover is done. Rejects after `timeoutMs`.
   */
  waitForFailover(
    key: string,
    dead: RedisClusterNode,
    timeoutMs?: number,
  ): Promise<RedisClusterNode>;
  /** Stops every node and removes their directories. */
  close(): Promise<void>;
}

const SLOTS = 16_384;
const POLL_MS = 50;

interface Launched {
  readonly port: number;
  readonly busPort: number;
  readonly process: RedisProcess;
}

interface Started extends RedisClusterNode, Launched {
  /** A plain connection to this one node, for the harness's own questions. */
  readonly admin: Redis;
}

/**
 * Starts `masters × (1 + replicasPerMaster)` redis-server processes (no persistence) and joins
 * them into one cluster with CLUSTER ADDSLOTSRANGE / MEET / REPLICATE, so no redis-cli is needed.
 * Resolves once every node agrees on the slots and every replica is in sync.
 */
export async function spawnRedisCluster(
  options: RedisClusterOptions = {},
): Promise<SpawnedRedisCluster> {
  const masters = options.masters ?? 3;
  const replicasPerMaster = options.replicasPerMaster ?? 1;
  if (!Number.isInteger(masters) || masters < 1 || masters > 16)
    throw new TypeError('masters must be an integer from 1 to 16');
  if (!Number.isInteger(replicasPerMaster) || replicasPerMaster < 0 || replicasPerMaster > 4)
    throw new TypeError('replicasPerMaster must be an integer from 0 to 4');
  const binary = ensureRedisServer();
  const dir = mkdtempSync(join(tmpdir(), 'porthole-redis-cluster-'));
  const tls = options.tls ? makeCertificates(dir) : undefined;
  const connectionOptions = {
    ...(options.password === undefined ? {} : { password: options.password }),
    ...(tls ? { tls: { ca: tls.caPem } } : {}),
  };
  const started: Started[] = [];
  const closeAll = async () => {
    for (const node of started) node.admin.disconnect();
    await Promise.all(started.map((node) => node.process.stop('SIGTERM')));
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const count = masters * (1 + replicasPerMaster);
    // One at a time: a busy 2-core machine starts them as fast either way, and ports picked
    // together could collide.
    for (let i = 0; i < count; i += 1) {
      const launched = await startNode(binary, dir, i, options, tls);
      const admin = adminConnection(launched.port, connectionOptions);
      let id: string;
      try {
        await admin.connect();
        id = String(await admin.call('CLUSTER', 'MYID'));
      } catch (err) {
        admin.disconnect();
        await launched.process.stop('SIGKILL');
        throw err;
      }
      started.push({
        ...launched,
        address: `127.0.0.1:${launched.port}`,
        id,
        startedAs: i < masters ? 'master' : 'replica',
        admin,
        exited: () => launched.process.exited(),
      });
    }
    const primaries = started.slice(0, masters);
    for (const [i, node] of primaries.entries()) {
      const first = Math.floor((i * SLOTS) / masters);
      const last = Math.floor(((i + 1) * SLOTS) / masters) - 1;
      await node.admin.call('CLUSTER', 'ADDSLOTSRANGE', String(first), String(last));
    }
    const [seed] = started;
    if (!seed) throw new Error('no node started');
    for (const node of started.slice(1)) {
      await seed.admin.call(
        'CLUSTER',
        'MEET',
        '127.0.0.1',
        String(node.port),
        String(node.busPort),
      );
    }
    const deadline = Date.now() + (options.formTimeoutMs ?? 60_000);
    await until(deadline, 'every node to know every other node', async () => {
      for (const node of started) {
        const lines = String(await node.admin.call('CLUSTER', 'NODES'))
          .trim()
          .split('\n');
        if (lines.length !== count || lines.some((l) => /handshake|noaddr/.test(l))) return false;
      }
      return true;
    });
    for (const [i, node] of started.slice(masters).entries()) {
      const primary = primaries[i % masters];
      if (!primary) throw new Error('no master to replicate');
      await node.admin.call('CLUSTER', 'REPLICATE', primary.id);
    }
    await until(deadline, 'cluster_state:ok with every replica in sync', () =>
      healthy(started, masters, replicasPerMaster),
    );
  } catch (err) {
    await closeAll();
    throw err;
  }

  const live = () => started.filter((node) => !node.process.exited());
  const ownerOf = async (key: string): Promise<RedisClusterNode> => {
    const slot = keySlot(key);
    for (const node of live()) {
      let slots: unknown;
      try {
        slots = await node.admin.call('CLUSTER', 'SLOTS');
      } catch (err) {
        // This node cannot answer now (it may be the one just killed): ask the next one.
        void err;
        continue;
      }
      for (const range of slots as Array<[number, number, [string, number, string]]>) {
        const [first, last, master] = range;
        if (slot < first || slot > last) continue;
        const owner = started.find((n) => n.id === master[2]);
        if (owner) return owner;
      }
    }
    throw new Error(`no live node reports an owner for slot ${slot}`);
  };
  const kill = async (node: RedisClusterNode) => {
    const own = started.find((n) => n.id === node.id);
    if (!own) throw new Error('not a node of this cluster');
    own.admin.disconnect();
    await own.process.stop('SIGKILL');
  };

  return {
    nodes: started,
    addresses: started.map((node) => node.address),
    password: options.password,
    tls: tls ? { caPem: tls.caPem, caFile: tls.caFile } : undefined,
    connectionOptions,
    ownerOf,
    kill,
    killMaster: async (key) => {
      const owner = await ownerOf(key);
      await kill(owner);
      return owner;
    },
    waitForFailover: async (key, dead, timeoutMs = 60_000) => {
      let owner: RedisClusterNode | undefined;
      await until(
        Date.now() + timeoutMs,
        `a replica to take over from ${dead.address}`,
        async () => {
          for (const node of live()) {
            const info = String(await node.admin.call('CLUSTER', 'INFO'));
            if (!info.includes('cluster_state:ok')) return false;
          }
          owner = await ownerOf(key);
          return owner.id !== dead.id && !owner.exited();
        },
      );
      if (!owner) throw new Error('no owner after the failover');
      return owner;
    },
    close: closeAll,
  };
}

async function startNode(
  binary: string,
  dir: string,
  index: number,
  options: RedisClusterOptions,
  tls: Certificates | undefined,
): Promise<Launched> {
  let lastError: unknown;
  // A free port found by binding may be taken again before redis-server binds it: retry.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await freePort();
    // Set explicitly: the default (port + 10000) can be above 65535 for an ephemeral port.
    const busPort = await freePort();
    const workDir = mkdtempSync(join(dir, `node-${index}-`));
    const args = [
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      join(workDir, 'nodes.conf'),
      '--cluster-port',
      String(busPort),
      '--cluster-node-timeout',
      String(options.nodeTimeoutMs ?? 2000),
      '--cluster-announce-ip',
      '127.0.0.1',
      // A replica with replication offset 0 is left out of CLUSTER SLOTS (what clients read);
      // the master's pings move it, every 10 s by default.
      '--repl-ping-replica-period',
      '1',
      // Bounded memory on a shared CI machine; the tests store kilobytes.
      '--maxmemory',
      '64mb',
    ];
    if (options.password !== undefined)
      args.push('--requirepass', options.password, '--masterauth', options.password);
    if (tls) {
      args.push(
        '--port',
        '0',
        '--tls-port',
        String(port),
        '--tls-cluster',
        'yes',
        '--tls-replication',
        'yes',
        '--tls-auth-clients',
        'no',
        '--tls-cert-file',
        tls.certFile,
        '--tls-key-file',
        tls.keyFile,
        '--tls-ca-cert-file',
        tls.caFile,
      );
    } else {
      args.push('--port', String(port));
    }
    try {
      return { port, busPort, process: await startRedisProcess(binary, args, workDir) };
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

function adminConnection(
  port: number,
  options: { password?: string; tls?: ConnectionOptions },
): Redis {
  const client = new Redis({
    host: '127.0.0.1',
    port,
    ...options,
    connectionName: 'porthole-test-cluster-admin',
    lazyConnect: true,
    // A killed node must fail the harness's question at once, not queue it.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // Errors reach the awaited calls; a dropped connection to a node being killed is expected.
  client.on('error', () => {});
  return client;
}

/** Every slot owned, every node ok, every master with its replicas attached and synced. */
async function healthy(
  nodes: Started[],
  masters: number,
  replicasPerMaster: number,
): Promise<boolean> {
  for (const node of nodes) {
    const info = String(await node.admin.call('CLUSTER', 'INFO'));
    if (!info.includes('cluster_state:ok') || !info.includes(`cluster_slots_ok:${SLOTS}`))
      return false;
    const replication = String(await node.admin.call('INFO', 'replication'));
    if (node.startedAs === 'master') {
      if (!replication.includes(`connected_slaves:${replicasPerMaster}`)) return false;
    } else if (
      !replication.includes('master_link_status:up') ||
      !replication.includes('master_sync_in_progress:0')
    ) {
      return false;
    }
    // Each node must also know every replica (gossip), or clients see a partial topology.
    const nodeLines = String(await node.admin.call('CLUSTER', 'NODES'))
      .trim()
      .split('\n');
    const replicas = nodeLines.filter((l) => l.split(' ')[2]?.split(',').includes('slave'));
    if (replicas.length !== nodes.length - masters) return false;
    // And tell clients about them: each slot range lists its master and every replica.
    const slots = (await node.admin.call('CLUSTER', 'SLOTS')) as unknown[][];
    if (slots.length !== masters || slots.some((range) => range.length !== 3 + replicasPerMaster))
      return false;
  }
  return true;
}

async function until(deadline: number, what: string, check: () => Promise<boolean>): Promise<void> {
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (err) {
      // A node still settling may refuse a question (LOADING, a dropped link): ask again.
      lastError = err;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Redis Cluster: timed out waiting for ${what}${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

interface Certificates {
  caPem: string;
  caFile: string;
  certFile: string;
  keyFile: string;
}

/** A throwaway CA and a 127.0.0.1 server certificate, made with the openssl binary. */
function makeCertificates(dir: string): Certificates {
  const file = (name: string) => join(dir, name);
  const run = (args: string[]) => {
    const done = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (done.error || done.status !== 0)
      throw new Error(
        `openssl ${args[0]} failed (TLS tests need the openssl binary): ${done.error?.message ?? done.stderr}`,
      );
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  run([
    'req',
    '-x509',
    ...ec,
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.crt'),
    '-days',
    '2',
    '-subj',
    '/CN=porthole test CA',
  ]);
  run([
    'req',
    ...ec,
    '-keyout',
    file('server.key'),
    '-out',
    file('server.csr'),
    '-subj',
    '/CN=127.0.0.1',
  ]);
  writeFileSync(file('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  run([
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.crt'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-out',
    file('server.crt'),
    '-days',
    '2',
    '-extfile',
    file('server.ext'),
  ]);
  return {
    caPem: readFileSync(file('ca.crt'), 'utf8'),
    caFile: file('ca.crt'),
    certFile: file('server.crt'),
    keyFile: file('server.key'),
  };
}
