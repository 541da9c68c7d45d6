// The product end to end on a real 3-master, 3-replica Redis Cluster with a password and TLS:
// Porthole clusters whose keys live on different masters, sync and async commands, API keys,
// sessions, audit and the cluster list (which span masters), through two API replicas.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnRedisCluster, type SpawnedRedisCluster } from '@porthole/store/testing';
import { startStack, type ApiReplica, type Stack } from '../harness/stack.js';

const CLUSTERS = ['alpha', 'beta', 'gamma'];
let redis: SpawnedRedisCluster;
let stack: Stack;
let other: ApiReplica;

beforeAll(async () => {
  redis = await spawnRedisCluster({
    masters: 3,
    replicasPerMaster: 1,
    password: 'e2e-cluster-pw-41d0',
    tls: true,
  });
  stack = await startStack({ clusters: CLUSTERS, redisCluster: redis });
  other = await stack.startReplica();
  // Each agent polls the first replica only; the second one sees them through Redis.
  await Promise.all(['alpha', 'beta'].map((id) => stack.startAgent(id)));
});

afterAll(async () => {
  await stack?.close();
  await redis?.close();
});

const exec = (replica: ApiReplica, clusterId: string, command: string, extra: object = {}) =>
  replica.call('POST', `/v1/clusters/${clusterId}/exec`, { command, ...extra });

describe('Porthole on a 3+3 Redis Cluster (password, TLS)', () => {
  it('runs on REDIS_CLUSTER_NODES with the password and TLS, and never logs the password', () => {
    expect(stack.api.output()).not.toMatch(/REDIS_URL is not set/);
    expect(stack.api.output()).not.toContain('e2e-cluster-pw-41d0');
    expect(other.proc.output()).not.toContain('e2e-cluster-pw-41d0');
  });

  it('puts the Porthole clusters on more than one master', async () => {
    // A cluster's keys share the hash tag {<id>}: the tag alone decides the slot.
    const owners = new Set(
      await Promise.all(CLUSTERS.map(async (id) => (await redis.ownerOf(`{${id}}`)).id)),
    );
    expect(owners.size).toBeGreaterThan(1);
  });

  it.each(['alpha', 'beta'])('answers a command on %s through either replica', async (id) => {
    for (const replica of [stack.replica, other]) {
      const res = await exec(replica, id, 'get pods -n default -o name');
      expect(res.status).toBe(200);
      expect(res.json.status).toBe('succeeded');
      expect(res.json.output).toMatch(/^pod\/web-/m);
    }
  });

  it('queues an async command on one replica and reads its result on the other', async () => {
    const queued = await stack.call('POST', '/v1/clusters/beta/commands', { command: 'get ns' });
    expect(queued.status).toBe(202);
    const read = await other.call('GET', `/v1/commands/${queued.json.id}?wait=30`);
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ id: queued.json.id, clusterId: 'beta', status: 'succeeded' });
  });

  it('lists every cluster with its presence, read across masters', async () => {
    for (const replica of [stack.replica, other]) {
      const res = await replica.call('GET', '/v1/clusters');
      expect(res.status).toBe(200);
      const byId = Object.fromEntries(
        res.json.clusters.map((c: { id: string; connected: boolean }) => [c.id, c.connected]),
      );
      expect(byId).toEqual({ alpha: true, beta: true, gamma: false });
    }
  });

  it('answers agent_unavailable for a cluster with no agent', async () => {
    const res = await exec(other, 'gamma', 'get ns');
    expect(res.status).toBe(503);
    expect(res.json.error.code).toBe('agent_unavailable');
  });

  it('issues, uses, lists and revokes an API key across replicas', async () => {
    const issued = await stack.call(
      'POST',
      '/v1/admin/api-keys',
      { name: 'cluster-e2e', clusters: ['alpha'] },
      stack.adminKey,
    );
    expect(issued.status).toBe(201);
    const used = await other.call(
      'POST',
      '/v1/clusters/alpha/exec',
      { command: 'get ns' },
      issued.json.key,
    );
    expect(used.status).toBe(200);
    const listed = await other.call('GET', '/v1/admin/api-keys', undefined, stack.adminKey);
    expect(listed.json.apiKeys.map((k: { id: string }) => k.id)).toContain(issued.json.id);
    expect(
      (
        await other.call(
          'DELETE',
          `/v1/admin/api-keys/${issued.json.id}`,
          undefined,
          stack.adminKey,
        )
      ).status,
    ).toBe(204);
    expect((await stack.call('GET', '/v1/clusters', undefined, issued.json.key)).status).toBe(401);
  });

  it('creates, uses and ends a session across replicas', async () => {
    const created = await stack.call('POST', '/v1/sessions', { clusterId: 'beta' });
    expect(created.status).toBe(201);
    const res = await exec(other, 'beta', 'get ns', { sessionId: created.json.id });
    expect(res.status).toBe(200);
    expect((await other.call('DELETE', `/v1/sessions/${created.json.id}`)).status).toBe(204);
    expect((await stack.call('GET', `/v1/sessions/${created.json.id}`)).status).toBe(404);
  });

  it('reads one audit trail, from either replica, for commands of every cluster', async () => {
    for (const replica of [stack.replica, other]) {
      const res = await replica.call('GET', '/v1/audit?limit=500', undefined, stack.adminKey);
      expect(res.status).toBe(200);
      const events = res.json.events as Array<{ event_type: string; cluster_id: string | null }>;
      const executed = new Set(
        events.filter((e) => e.event_type === 'command_executed').map((e) => e.cluster_id),
      );
      // gamma's refusal (no agent) is audited too.
      expect([...executed].sort()).toEqual(['alpha', 'beta', 'gamma']);
      expect(events.map((e) => e.event_type)).toEqual(
        expect.arrayContaining(['api_key_created', 'api_key_revoked', 'session_creation']),
      );
      const filtered = await replica.call(
        'GET',
        '/v1/audit?clusterId=beta&type=command_executed',
        undefined,
        stack.adminKey,
      );
      expect(filtered.json.events.length).toBeGreaterThan(0);
      for (const e of filtered.json.events) expect(e.cluster_id).toBe('beta');
    }
  });
});
