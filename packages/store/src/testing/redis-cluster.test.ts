// The multi-node Redis Cluster harness: it forms a real 3+3 cluster, fails over when a master is
// killed, enforces its password and TLS, and leaves nothing running.
import { existsSync } from 'node:fs';
import { Cluster, Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { spawnRedisCluster } from './redis-cluster.js';

function clusterClient(
  addresses: string[],
  options: { password?: string; tls?: { ca: string } } = {},
): Cluster {
  const client = new Cluster(
    addresses.map((a) => ({ host: '127.0.0.1', port: Number(a.split(':')[1]) })),
    { redisOptions: options, clusterRetryStrategy: () => null },
  );
  client.on('error', () => {}); // the awaited calls below report what matters
  return client;
}

describe('spawnRedisCluster', () => {
  it('forms 3 masters with a synced replica each, and a replica takes over a killed master', async () => {
    const cluster = await spawnRedisCluster({ masters: 3, replicasPerMaster: 1 });
    const client = clusterClient(cluster.addresses);
    try {
      expect(cluster.nodes).toHaveLength(6);
      const slots = (await client.call('CLUSTER', 'SLOTS')) as Array<
        [number, number, ...unknown[]]
      >;
      // Three ranges covering every slot, each served by a master and one replica.
      expect(slots).toHaveLength(3);
      expect(slots.reduce((n, [first, last]) => n + last - first + 1, 0)).toBe(16_384);
      for (const range of slots) expect(range).toHaveLength(4);

      // Hash tags chosen to fall on different masters: the cluster really spreads keys.
      const tags = ['{a}', '{b}', '{c}', '{d}', '{e}', '{f}'];
      const owners = new Set(
        await Promise.all(tags.map(async (t) => (await cluster.ownerOf(`${t}:k`)).id)),
      );
      expect(owners.size).toBeGreaterThan(1);

      const key = '{failover}:k';
      const before = await cluster.ownerOf(key);
      expect(before.startedAs).toBe('master');
      // Written on the master and acknowledged by its replica (WAIT), so it survives the kill.
      const direct = new Redis(before.port, { host: '127.0.0.1' });
      await direct.set(key, 'kept');
      expect(await direct.call('WAIT', '1', '10000')).toBe(1);
      direct.disconnect();

      const killed = await cluster.killMaster(key);
      expect(killed.id).toBe(before.id);
      expect(killed.exited()).toBe(true);
      const after = await cluster.waitForFailover(key, killed);
      expect(after.id).not.toBe(before.id);
      expect(after.startedAs).toBe('replica');
      const promoted = new Redis(after.port, { host: '127.0.0.1' });
      expect(await promoted.get(key)).toBe('kept');
      expect(String(await promoted.call('INFO', 'replication'))).toContain('role:master');
      promoted.disconnect();
    } finally {
      client.disconnect();
      await cluster.close();
    }
    for (const node of cluster.nodes) expect(node.exited()).toBe(true);
  });

  it('with a password and TLS, refuses anonymous and plain-text clients', async () => {
    const password = 'pw-cluster-test';
    const cluster = await spawnRedisCluster({
      masters: 3,
      replicasPerMaster: 1,
      password,
      tls: true,
    });
    const tls = cluster.tls;
    if (!tls) throw new Error('a TLS cluster must expose its CA');
    expect(existsSync(tls.caFile)).toBe(true);
    const good = clusterClient(cluster.addresses, { password, tls: { ca: tls.caPem } });
    const anonymous = clusterClient(cluster.addresses, { tls: { ca: tls.caPem } });
    const plain = new Redis(cluster.nodes[0]?.port ?? 0, {
      host: '127.0.0.1',
      password,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      connectTimeout: 2000,
    });
    plain.on('error', () => {}); // the refusal is what we check, through the call below
    try {
      await good.set('{tls}:k', 'v');
      expect(await good.get('{tls}:k')).toBe('v');
      // The cluster client only says no node let it in; one node's connection says why.
      await expect(anonymous.get('{tls}:k')).rejects.toThrow();
      const node = new Redis(cluster.nodes[0]?.port ?? 0, {
        host: '127.0.0.1',
        tls: { ca: tls.caPem },
        maxRetriesPerRequest: 0,
      });
      node.on('error', () => {}); // the refusal is checked through the call below
      await expect(node.get('{tls}:k')).rejects.toThrow(/NOAUTH/);
      node.disconnect();
      await expect(plain.ping()).rejects.toThrow();
    } finally {
      good.disconnect();
      anonymous.disconnect();
      plain.disconnect();
      await cluster.close();
    }
    expect(existsSync(tls.caFile)).toBe(false);
  });
});
