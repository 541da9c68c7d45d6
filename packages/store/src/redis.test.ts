// RedisStore against the conformance suite, plus what only Redis has: connection counts, hash
// slots, wake-ups across instances, TTL clean-up of every key, and Redis going away.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandEnvelope, Result } from '@porthole/protocol';
import { describe, expect, it } from 'vitest';
import { LONG_WAIT_MS, WOKEN_WITHIN_MS } from './conformance/harness.js';
import { runStoreConformance } from './conformance/index.js';
import { StoreUnavailableError } from './errors.js';
import { queueOwner } from './state.js';
import { connectionNames, queueToken, storeKeys } from './redis/keys.js';
import { scripts } from './redis/scripts.js';
import { createRedisStore } from './redis/store.js';
import { keySlot, randomPrefix, spawnRedisServer } from './testing/index.js';
import { useRedisStores } from './testing/redis-stores.js';

const env = useRedisStores();
const open = env.open;

runStoreConformance('RedisStore', async (options) => {
  const store = createRedisStore({ url: env.redis().url, keyPrefix: randomPrefix(), ...options });
  await store.ping();
  return store;
});

const newId = () => randomBytes(9).toString('base64url');

function envelope(clusterId: string, overrides: Partial<CommandEnvelope> = {}): CommandEnvelope {
  const now = Date.now();
  return {
    id: newId(),
    clusterId,
    argv: ['get', 'pods'],
    principal: 'redis-test',
    createdAt: now,
    deadline: now + 30_000,
    maxOutputBytes: 1024,
    signature: 'redis-test-signature',
    ...overrides,
  };
}

function resultFor(command: CommandEnvelope): Result {
  return {
    id: command.id,
    clusterId: command.clusterId,
    command: command.argv,
    status: 'succeeded',
    exitCode: 0,
    output: `output of ${command.id}`,
    error: null,
    truncated: false,
    outputBytes: 10,
    redactions: 0,
    durationMs: 1,
    createdAt: new Date(command.createdAt).toISOString(),
    completedAt: new Date().toISOString(),
  };
}

async function keysOf(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await env.admin().scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys.sort();
}

interface ClientInfo {
  name: string;
  sub: number;
  flags: string;
  cmd: string;
}

async function clients(
  prefix: string,
): Promise<{ command: ClientInfo[]; subscriber: ClientInfo[] }> {
  const list = (await env.admin().client('LIST')) as string;
  const infos = list
    .split('\n')
    .filter(Boolean)
    .map((line) =>
      Object.fromEntries(line.split(' ').map((field) => field.split('=', 2) as [string, string])),
    )
    .map((f): ClientInfo => ({
      name: f.name ?? '',
      sub: Number(f.sub),
      flags: f.flags ?? '',
      cmd: f.cmd ?? '',
    }));
  const names = connectionNames(prefix);
  return {
    command: infos.filter((c) => c.name === names.command),
    subscriber: infos.filter((c) => c.name === names.subscriber),
  };
}

describe('RedisStore on Redis', () => {
  it('keeps one command and one subscriber connection for 1,000 result waiters and 100 work waiters', async () => {
    const prefix = randomPrefix();
    let skew = 0;
    const store = open({
      keyPrefix: prefix,
      maxQueuedPerPrincipal: 1000,
      now: () => Date.now() + skew,
    });
    await store.ping();
    const cluster = 'conn';
    const commands = Array.from({ length: 1000 }, () => envelope(cluster));
    await Promise.all(commands.map((command) => store.commands.enqueue(command)));
    const before = await clients(prefix);
    expect(before.command).toHaveLength(1);
    expect(before.subscriber).toHaveLength(1);

    const workClusters = Array.from({ length: 100 }, (_, i) => `idle-${i}`);
    // Long enough that none of the 1,100 waits times out while the machine is busy.
    const results = commands.map((command) =>
      store.commands.waitForResult(command.id, 3 * LONG_WAIT_MS),
    );
    const works = workClusters.map((c) => store.commands.waitForWork(c, 3 * LONG_WAIT_MS));
    // All 1,100 waits listen on the one subscriber connection: the 1,000 result waits share
    // their cluster's channel, each work wait has its own cluster's.
    await expect
      .poll(async () => (await clients(prefix)).subscriber[0]?.sub, { timeout: LONG_WAIT_MS })
      .toBe(101);
    const during = await clients(prefix);
    expect(during.command).toHaveLength(1);
    expect(during.subscriber).toHaveLength(1);
    // Nothing is parked in a blocking command ('b' flag).
    expect([...during.command, ...during.subscriber].map((c) => c.flags)).not.toContainEqual(
      expect.stringContaining('b'),
    );

    await Promise.all(workClusters.map((c) => store.commands.enqueue(envelope(c))));
    await Promise.all(works);
    await Promise.all(commands.map((command) => store.commands.complete(resultFor(command))));
    const got = await Promise.all(results);
    expect(got.map((r) => r?.output)).toEqual(commands.map((c) => `output of ${c.id}`));

    const after = await clients(prefix);
    expect(after.command).toHaveLength(1);
    expect(after.subscriber).toHaveLength(1);
    // Finished work waits leave no subscription behind; the result waits' cluster channel is
    // kept a while for the next command's wait, then dropped (swept when a wait starts).
    await expect
      .poll(async () => (await clients(prefix)).subscriber[0]?.sub, { timeout: LONG_WAIT_MS })
      .toBe(1);
    skew = 60_000;
    const keys = storeKeys(prefix);
    const numsub = async (c: string) =>
      (await env.admin().pubsub('NUMSUB', keys.workChannel(c)))[1];
    const other = envelope('other');
    await store.commands.enqueue(other);
    await store.commands.waitForResult(other.id, 1);
    await expect.poll(() => numsub(cluster), { timeout: LONG_WAIT_MS }).toBe(0);
    expect(await numsub('other')).toBe(1);
  });

  it('close() ends both connections and resolves the waiters left', async () => {
    const prefix = randomPrefix();
    const store = createRedisStore({ url: env.redis().url, keyPrefix: prefix });
    const command = envelope('closing');
    await store.commands.enqueue(command);
    const waiting = store.commands.waitForResult(command.id, LONG_WAIT_MS);
    await expect
      .poll(async () => (await clients(prefix)).subscriber[0]?.sub, { timeout: LONG_WAIT_MS })
      .toBe(1);
    await store.close();
    expect(await waiting).toBeNull();
    await expect
      .poll(
        async () => {
          const { command: cmd, subscriber } = await clients(prefix);
          return cmd.length + subscriber.length;
        },
        { timeout: LONG_WAIT_MS },
      )
      .toBe(0);
    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('shares one connection attempt among calls made while it opens', async () => {
    const store = open();
    // Many calls before the connection is ready: no listener pile-up, all succeed.
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      await Promise.all(Array.from({ length: 50 }, () => store.commands.queueLength('opening')));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
  });

  it('uses no blocking Redis command anywhere', () => {
    const dir = join(import.meta.dirname, 'redis');
    const sources = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => readFileSync(join(dir, f), 'utf8'));
    expect(sources.length).toBeGreaterThan(4);
    for (const source of sources) {
      expect(source).not.toMatch(
        /\b(blpop|brpop|brpoplpush|blmove|blmpop|bzpopmin|bzpopmax|bzmpop)\b/i,
      );
      expect(source).not.toMatch(/xread(group)?\b[^\n]*block/i);
    }
  });

  it('puts every key of a cluster in one hash slot', async () => {
    const prefix = randomPrefix();
    const store = open({ keyPrefix: prefix });
    const cluster = 'slots';
    const [done, running, queued] = [envelope(cluster), envelope(cluster), envelope(cluster)];
    for (const command of [done, running, queued]) await store.commands.enqueue(command);
    await store.commands.claim(cluster, 2, 30_000);
    await store.commands.complete(resultFor(done));
    await store.agents.recordSeen(
      {
        clusterId: cluster,
        lastSeenAt: Date.now(),
        agentVersion: null,
        kubernetesVersion: null,
      },
      30_000,
    );

    const keys = await keysOf(prefix);
    const untagged = [`${prefix}cmd-cluster:`, `${prefix}deadlines`];
    const tagged = keys.filter((k) => !untagged.some((u) => k.startsWith(u)));
    const tag = `${prefix}{${cluster}}:`;
    expect(tagged.sort()).toEqual(
      [
        `${tag}agent`,
        `${tag}leases`,
        `${tag}turns`,
        `${tag}pq:${queueToken(queueOwner(queued))}`,
        ...[done, running, queued].map((c) => `${tag}cmd:${c.id}`),
        `${tag}result:${done.id}`,
      ].sort(),
    );
    expect(new Set(tagged.map(keySlot)).size).toBe(1);
    expect(keySlot(`${tag}turns`)).toBe(keySlot(cluster));
    // Outside the tag: the id → cluster index (one key per command) and the deadline index,
    // which no script ever touches together with a cluster's keys.
    expect(keys.length - tagged.length).toBe(4);
    expect(keys).toContain(`${prefix}deadlines`);
  });

  it('keeps the id and deadline indexes exactly as long as the command needs them', async () => {
    const prefix = randomPrefix();
    const store = open({ keyPrefix: prefix, maxQueueLength: 2 });
    const keys = storeKeys(prefix);
    const admin = env.admin();
    const indexed = async (command: CommandEnvelope) => ({
      id: await admin.get(keys.commandCluster(command.id)),
      deadline: await admin.zscore(
        keys.deadlines,
        keys.deadlineMember(command.clusterId, command.id),
      ),
    });
    const cluster = 'indexes';
    const [held, waiting, refused] = [envelope(cluster), envelope(cluster), envelope(cluster)];
    await store.commands.enqueue(held);
    // Queues the second and hands out the first.
    expect((await store.commands.enqueueAndTake(waiting, 1, 30_000)).commands).toEqual([held]);
    for (const command of [held, waiting])
      expect(await indexed(command)).toEqual({ id: cluster, deadline: String(command.deadline) });
    expect(await admin.pttl(keys.commandCluster(waiting.id))).toBeGreaterThan(30_000);
    expect(await admin.pttl(keys.deadlines)).toBeGreaterThan(30_000);
    // Refused (the queue is full): nothing of it is written.
    await store.commands.enqueue(envelope(cluster));
    await expect(store.commands.enqueue(refused)).rejects.toThrow(/full/);
    expect(await indexed(refused)).toEqual({ id: null, deadline: null });
    // Ended: it leaves the deadline index at once; its id is found until the record goes.
    expect(await store.commands.complete(resultFor(held))).toMatchObject({ outcome: 'stored' });
    expect(await indexed(held)).toEqual({ id: cluster, deadline: null });
    expect(await store.commands.withdraw(resultFor(waiting))).not.toBeNull();
    expect(await indexed(waiting)).toEqual({ id: cluster, deadline: null });
  });

  it('hands a command to an idle cluster in one step, leaving what enqueue then claim leave', async () => {
    const prefix = randomPrefix();
    const now = Date.now();
    // One instant for both ways, so every time they write can be compared exactly.
    const store = open({ keyPrefix: prefix, now: () => now });
    const keys = storeKeys(prefix);
    const admin = env.admin();
    /** What a command left in Redis, with its id and cluster id put as `id` and `cluster`. */
    const stateOf = async (command: CommandEnvelope) => {
      const { clusterId, id } = command;
      const key = keys.command(clusterId, id);
      const { env: written, ...record } = await admin.hgetall(key);
      const ttls = await Promise.all(
        [key, keys.leases(clusterId), keys.commandCluster(id)].map((k) => admin.pttl(k)),
      );
      const state = {
        record,
        envelope: JSON.parse(written ?? 'null') as unknown,
        lists: await admin.exists(
          keys.turns(clusterId),
          keys.principalQueue(clusterId, queueToken(queueOwner(command))),
        ),
        leases: await admin.zrange(keys.leases(clusterId), 0, -1, 'WITHSCORES'),
        index: await admin.get(keys.commandCluster(id)),
        deadline: await admin.zscore(keys.deadlines, keys.deadlineMember(clusterId, id)),
      };
      const text = JSON.stringify(state).replaceAll(id, 'id').replaceAll(clusterId, 'cluster');
      return { state: JSON.parse(text) as unknown, ttls };
    };
    const at = { createdAt: now, deadline: now + 30_000 };
    const fast = envelope('one-step', at);
    const claimed = await store.commands.enqueueAndTake(fast, 4, 15_000);
    const slow = envelope('two-steps', at);
    await store.commands.enqueue(slow);
    const taken = await store.commands.take('two-steps', 4, 15_000);

    expect(claimed).toEqual({ ...taken, commands: [fast] });
    const [one, two] = [await stateOf(fast), await stateOf(slow)];
    expect(one.state).toEqual(two.state);
    expect(one.state).toMatchObject({ record: { status: 'running', attempts: '1' }, lists: 0 });
    // TTLs are read a moment apart: alike to within the time the reads took.
    one.ttls.forEach((ttl, i) => {
      expect(ttl).toBeGreaterThan(25_000);
      expect(Math.abs(ttl - two.ttls[i]!)).toBeLessThan(5_000);
    });
  });

  it('names each script after its key count and opens it with a KEYS/ARGV/returns header', () => {
    expect(Object.values(scripts).map((s) => [s.name, s.numberOfKeys])).toEqual([
      ['enqueue', 4],
      ['claim', 4],
      ['enqueue-claim', 6],
      ['renew', 2],
      ['complete', 5],
      ['expire', 5],
      ['deadline-add', 1],
      ['agent-seen', 1],
      ['agent-disconnect', 1],
      ['api-key-create', 5],
      ['api-key-revoke', 3],
      ['api-key-touch', 1],
      ['cluster-register', 3],
      ['cluster-rotate', 2],
      ['cluster-delete', 3],
      ['session-create', 1],
      ['session-touch', 1],
      ['rate-consume', 1],
      ['audit-append', 1],
    ]);
    for (const s of Object.values(scripts)) {
      const header = s.lua.slice(0, s.lua.indexOf(']]'));
      const most = s.numberOfKeys + s.optionalKeys;
      for (let k = 1; k <= most; k += 1) expect(header).toContain(`KEYS[${k}]`);
      expect(header).not.toContain(`KEYS[${most + 1}]`);
      // Optional keys say so where they are described.
      for (let k = s.numberOfKeys + 1; k <= most; k += 1)
        expect(header).toMatch(new RegExp(`KEYS\\[${k}\\][^\\n]*(optional|with KEYS)`));
      expect(header).toMatch(/ARGV\[1\][\s\S]*returns/);
    }
  });

  it('wakes waiters on another instance (two API replicas on one Redis)', async () => {
    const prefix = randomPrefix();
    const [a, b] = [open({ keyPrefix: prefix }), open({ keyPrefix: prefix })];
    const keys = storeKeys(prefix);
    /** Resolves once replica b listens on `channel`, so what follows must reach it through Redis. */
    const listening = (channel: string) =>
      expect
        .poll(async () => (await env.admin().pubsub('NUMSUB', channel))[1], {
          timeout: LONG_WAIT_MS,
        })
        .toBe(1);
    const cluster = 'replicas';
    let workDone = false;
    const work = b.commands.waitForWork(cluster, LONG_WAIT_MS).then(() => (workDone = true));
    await listening(keys.workChannel(cluster));
    expect(workDone).toBe(false);
    const command = envelope(cluster);
    const start = performance.now();
    await a.commands.enqueue(command);
    await work;
    // Woken by the notification from replica a, not by its own timeout.
    expect(performance.now() - start).toBeLessThan(WOKEN_WITHIN_MS);
    const waiting = b.commands.waitForResult(command.id, LONG_WAIT_MS);
    expect(await b.commands.claim(cluster, 1, 30_000)).toEqual([command]);
    await listening(keys.workChannel(cluster));
    const result = resultFor(command);
    expect(await a.commands.complete(result)).toMatchObject({ outcome: 'stored' });
    expect(await waiting).toEqual(result);
    expect(await b.commands.complete(resultFor(command))).toEqual({ outcome: 'duplicate' });
  });

  it('reads, then replaces, a presence the previous version wrote as plain JSON', async () => {
    const prefix = randomPrefix();
    const store = open({ keyPrefix: prefix });
    const presence = {
      clusterId: 'upgraded',
      lastSeenAt: Date.now(),
      agentVersion: '0.9.0',
      kubernetesVersion: null,
    };
    await env.admin().set(`${prefix}{upgraded}:agent`, JSON.stringify(presence), 'PX', 60_000);
    expect(await store.agents.presence('upgraded')).toEqual(presence);
    expect(await store.agents.markDisconnected('upgraded', Date.now() + 60_000, 1000)).toBeNull();
    const later = { ...presence, lastSeenAt: presence.lastSeenAt + 1 };
    expect(await store.agents.recordSeen(later, 30_000)).toEqual({
      connected: true,
      silentSince: null,
    });
    expect(await store.agents.presence('upgraded')).toEqual(later);
  });

  it('leaves no key behind once every TTL has run out', async () => {
    const prefix = randomPrefix();
    // Redis expires keys on its own clock: every lifetime here is a couple of seconds of real
    // time, so all the keys are still there when counted, however busy the machine.
    const TTL_MS = 2000;
    const store = open({
      keyPrefix: prefix,
      resultTtlSeconds: TTL_MS / 1000,
      presenceTtlSeconds: TTL_MS / 1000,
    });
    const cluster = 'ttl';
    const soon = (owner = 'ttl') =>
      envelope(cluster, { deadline: Date.now() + TTL_MS, owner, principal: owner });
    // Two principals, so turns are taken with the turns list kept as well as emptied.
    const [done, abandoned, unclaimed] = [soon(), soon(), soon()];
    const theirs = [soon('other'), soon('other'), soon('other')];
    for (const command of [done, abandoned, unclaimed, ...theirs])
      await store.commands.enqueue(command);
    expect(await store.commands.claim(cluster, 3, 100)).toHaveLength(3);
    await store.commands.complete(resultFor(done));
    await store.agents.recordSeen(
      {
        clusterId: cluster,
        lastSeenAt: Date.now(),
        agentVersion: null,
        kubernetesVersion: null,
      },
      30_000,
    );
    // A cluster with one command queued, whose lists were made by that one call.
    await store.commands.enqueue(envelope('ttl-3', { deadline: Date.now() + TTL_MS }));
    // One principal's two commands, one claimed: the claim empties the turns list and makes it
    // again for the one left.
    for (let i = 0; i < 2; i++)
      await store.commands.enqueue(envelope('ttl-4', { deadline: Date.now() + TTL_MS }));
    await store.commands.claim('ttl-4', 1, 100);
    // A separate cluster left with only a lapsed lease nobody reclaims.
    await store.commands.enqueue(envelope('ttl-2', { deadline: Date.now() + TTL_MS }));
    await store.commands.claim('ttl-2', 1, 50);
    // A session and a rate bucket live as long as their expiry and window.
    const now = Date.now();
    await store.sessions.create({
      id: newId(),
      clusterId: cluster,
      owner: 'ttl',
      createdAt: now,
      expiresAt: now + TTL_MS,
    });
    await store.sessions.touch(newId(), now + TTL_MS);
    await store.rates.consume('ttl-bucket', 2, TTL_MS);
    await store.rates.consume('ttl-bucket', 2, TTL_MS);
    await store.rates.consume('ttl-bucket', 2, TTL_MS);
    const keys = await keysOf(prefix);
    expect(keys.length).toBeGreaterThanOrEqual(12);
    // Each has its lifetime from the call that wrote it.
    const ttls = await Promise.all(keys.map((key) => env.admin().pttl(key)));
    expect(keys.filter((_, i) => ttls[i]! <= 0)).toEqual([]);

    // The longest lifetime is a deadline plus the result TTL: 4 s.
    await expect
      .poll(() => keysOf(prefix), { timeout: 2 * TTL_MS + LONG_WAIT_MS, interval: 100 })
      .toEqual([]);
  });

  it('fails fast with StoreUnavailableError while Redis is down, without the password, and recovers', async () => {
    const password = `pw-${randomBytes(8).toString('hex')}`;
    const server = await spawnRedisServer({ password });
    let restarted: Awaited<ReturnType<typeof spawnRedisServer>> | undefined;
    const errors: Error[] = [];
    try {
      // Every timeout a call could sit out (a queued command, a wait) is LONG_WAIT_MS or more;
      // connecting between retries is bounded by the short connect timeout. Failing fast means
      // ending far below the long ones.
      const store = open({
        url: server.url,
        connectTimeoutMs: 500,
        commandTimeoutMs: LONG_WAIT_MS,
        onBackgroundError: (err) => errors.push(err),
      });
      await store.ping();
      const command = envelope('down');
      await store.commands.enqueue(command);
      await server.kill();

      const attempts: Array<[string, () => Promise<unknown>]> = [
        ['ping', () => store.ping()],
        ['commands.enqueue', () => store.commands.enqueue(envelope('down'))],
        ['commands.claim', () => store.commands.claim('down', 1, 1000)],
        ['commands.get', () => store.commands.get(command.id)],
        ['commands.waitForResult', () => store.commands.waitForResult(command.id, LONG_WAIT_MS)],
        ['commands.waitForWork', () => store.commands.waitForWork('down', LONG_WAIT_MS)],
        ['commands.complete', () => store.commands.complete(resultFor(command))],
        ['commands.expire', () => store.commands.expire(command.id)],
        ['commands.expireDue', () => store.commands.expireDue(10)],
        [
          'agents.markDisconnected',
          () => store.agents.markDisconnected('down', Date.now(), 30_000),
        ],
      ];
      for (const [name, attempt] of attempts) {
        const start = performance.now();
        const err = await attempt().then(
          () => new Error(`${name} succeeded while Redis was down`),
          (e: unknown) => e,
        );
        expect(err, name).toBeInstanceOf(StoreUnavailableError);
        expect((err as Error).message).not.toContain(password);
        expect(performance.now() - start, name).toBeLessThan(WOKEN_WITHIN_MS);
      }
      for (const err of errors) expect(err.message).not.toContain(password);

      restarted = await spawnRedisServer({ port: server.port, password });
      await expect
        .poll(
          () =>
            store.ping().then(
              () => 'up',
              () => 'down',
            ),
          { timeout: LONG_WAIT_MS, interval: 100 },
        )
        .toBe('up');
      // Data did not survive (no persistence), but the store works again.
      await store.commands.enqueue(command);
      expect(await store.commands.claim('down', 1, 1000)).toEqual([command]);
    } finally {
      await server.close();
      await restarted?.close();
    }
  });

  it.each([
    ['a closed port', (port: number) => ({ url: `redis://:secret-pw@127.0.0.1:${port}` })],
    [
      'cluster nodes on a closed port',
      (port: number) => ({ clusterNodes: [`127.0.0.1:${port}`], password: 'secret-pw' }),
    ],
  ])('rejects with StoreUnavailableError quickly when started against %s', async (_label, make) => {
    const server = await spawnRedisServer();
    await server.close(); // a port that was just free and now refuses
    const store = open({
      ...make(server.port),
      connectTimeoutMs: 300,
      commandTimeoutMs: LONG_WAIT_MS,
      onBackgroundError: () => {},
    });
    const start = performance.now();
    const err = await store.ping().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect((err as Error).message).not.toContain('secret-pw');
    // Refused or past the connect timeout, not retried until a long timeout runs out.
    expect(performance.now() - start).toBeLessThan(WOKEN_WITHIN_MS);
  });

  it('rejects bad options when built', () => {
    expect(() => createRedisStore({})).toThrow(/exactly one of url and clusterNodes/);
    expect(() => createRedisStore({ url: env.redis().url, keyPrefix: 'a{b}:' })).toThrow(/braces/);
    expect(() => createRedisStore({ url: env.redis().url, maxQueueLength: 0 })).toThrow(
      /maxQueueLength/,
    );
  });
});
