// Every Redis key and channel name the store uses, built in this one module.
// Keys of one cluster share the hash tag `{<clusterId>}` so the Lua scripts, which touch several
// of them at once, stay within one hash slot on Redis Cluster. The API key records and the
// cluster registry each live under one tag of their own, `{:apikeys}` and `{:clusters}` (a ':'
// cannot appear in a cluster id, so no cluster shares these names), because their scripts check
// caps and uniqueness across all records at once.
import { createHash } from 'node:crypto';
import { isApiKeyId, isClusterId, isHexSha256, isSessionId } from '../records.js';

export interface StoreKeys {
  /**
   * List of the queue tokens (`queueToken()`) of the principals with commands waiting for the
   * cluster, in the order of their next turn: claim serves them round-robin.
   */
  turns(clusterId: string): string;
  /** List of the command ids one principal (by its queue token) has waiting for the cluster. */
  principalQueue(clusterId: string, token: string): string;
  /** What `principalQueue()` puts before the token (the scripts append the token they read). */
  principalQueuePrefix(clusterId: string): string;
  /** Sorted set: id of each claimed command, scored by the epoch ms its lease runs out. */
  leases(clusterId: string): string;
  /** Hash: env (envelope JSON), deadline, status, attempts, leaseUntil, reason. */
  command(clusterId: string, id: string): string;
  /** What `command()` puts before the id; the claim script appends ids it pops. */
  commandPrefix(clusterId: string): string;
  /** String: the stored Result JSON. */
  result(clusterId: string, id: string): string;
  /**
   * Hash: json (the AgentPresence JSON of the cluster's last poll), seen (its epoch ms), on
   * ('1' while the cluster is marked connected, '0' once marked disconnected).
   */
  agent(clusterId: string): string;
  /** String: the cluster's API resources as its agent last reported them (JSON). */
  discovery(clusterId: string): string;
  /** String: the AgentHealthReport JSON an agent of the cluster last sent. */
  agentHealth(clusterId: string): string;
  /** String: id → cluster id, outside any cluster's tag, so a command can be found by id alone. */
  commandCluster(id: string): string;
  /**
   * Sorted set: `deadlineMember()` of every command not yet expired, scored by its deadline.
   * Outside any cluster's tag (like `commandCluster`), since it spans clusters: it is only ever
   * touched on its own, never in a script with a cluster's keys.
   */
  readonly deadlines: string;
  /** A member of `deadlines`: `<cluster id>:<command id>` (neither may hold a ':'). */
  deadlineMember(clusterId: string, id: string): string;
  /**
   * Channel of a cluster's news: '' when commands may be ready, `done <id> <queued>` when a
   * command ended, `channel <instance> <id>` when an agent opened a command stream.
   */
  workChannel(clusterId: string): string;

  /**
   * Hash: data (record JSON without lastUsedAt and revokedAt), hash, name (its digest),
   * lastUsedAt?, revokedAt?.
   */
  apiKey(id: string): string;
  /** String: key hash → API key id. */
  apiKeyByHash(hash: string): string;
  /** String: API key name (as its digest: a name may hold anything) → id of the key holding it. */
  apiKeyByName(name: string): string;
  /** Sorted set of every API key id, scored by when it stopped working (+inf while it works). */
  readonly apiKeyEnds: string;
  /** What the API key keys share before `key:<id>` / `hash:<hash>` / `name:<digest>` (for the scripts). */
  readonly apiKeyBase: string;
  /** Set of registered cluster ids. */
  readonly clusterIds: string;
  /** Hash: createdAt, and `t:<token hash>` → end of its grace period ('' for the current token). */
  clusterRecord(id: string): string;
  /** What `clusterRecord()` puts before the id. */
  readonly clusterRecordPrefix: string;
  /** Hash: agent token hash → cluster id. */
  readonly clusterTokens: string;
  /** Hash: clusterId, owner (principal id), createdAt, expiresAt. */
  session(id: string): string;
  /** Sorted set of the events counted in a rate bucket (the name is hashed: it may hold anything). */
  rate(bucket: string): string;
  /** Stream of audit events: fields t (event type), c (cluster id or ''), e (event JSON). */
  readonly audit: string;
}

function checked(kind: string, value: string, valid: (v: string) => boolean): string {
  if (!valid(value)) throw new TypeError(`invalid ${kind} for a store key`);
  return value;
}

function checkPart(kind: string, value: string): string {
  // Braces would move the hash tag; whitespace and ':' would blur key boundaries.
  if (value.length === 0 || /[{}\s:]/.test(value))
    throw new TypeError(`invalid ${kind} for a store key`);
  return value;
}

export function storeKeys(prefix: string): StoreKeys {
  const tag = (clusterId: string) => `${prefix}{${checkPart('cluster id', clusterId)}}`;
  return {
    turns: (clusterId) => `${tag(clusterId)}:turns`,
    principalQueue: (clusterId, token) =>
      `${tag(clusterId)}:pq:${checked('queue token', token, isQueueToken)}`,
    principalQueuePrefix: (clusterId) => `${tag(clusterId)}:pq:`,
    leases: (clusterId) => `${tag(clusterId)}:leases`,
    command: (clusterId, id) => `${tag(clusterId)}:cmd:${checkPart('command id', id)}`,
    commandPrefix: (clusterId) => `${tag(clusterId)}:cmd:`,
    result: (clusterId, id) => `${tag(clusterId)}:result:${checkPart('command id', id)}`,
    agent: (clusterId) => `${tag(clusterId)}:agent`,
    discovery: (clusterId) => `${tag(clusterId)}:discovery`,
    agentHealth: (clusterId) => `${tag(clusterId)}:health`,
    commandCluster: (id) => `${prefix}cmd-cluster:${checkPart('command id', id)}`,
    deadlines: `${prefix}deadlines`,
    deadlineMember: (clusterId, id) =>
      `${checkPart('cluster id', clusterId)}:${checkPart('command id', id)}`,
    workChannel: (clusterId) => `${prefix}ch:work:${checkPart('cluster id', clusterId)}`,
    apiKey: (id) => `${prefix}{:apikeys}:key:${checked('API key id', id, isApiKeyId)}`,
    apiKeyByHash: (hash) =>
      `${prefix}{:apikeys}:hash:${checked('API key hash', hash, isHexSha256)}`,
    apiKeyByName: (name) => `${prefix}{:apikeys}:name:${apiKeyNameDigest(name)}`,
    apiKeyEnds: `${prefix}{:apikeys}:ends`,
    apiKeyBase: `${prefix}{:apikeys}:`,
    clusterIds: `${prefix}{:clusters}:ids`,
    clusterRecord: (id) => `${prefix}{:clusters}:reg:${checked('cluster id', id, isClusterId)}`,
    clusterRecordPrefix: `${prefix}{:clusters}:reg:`,
    clusterTokens: `${prefix}{:clusters}:tokens`,
    session: (id) => `${prefix}session:${checked('session id', id, isSessionId)}`,
    rate: (bucket) => `${prefix}rate:${createHash('sha256').update(bucket).digest('base64url')}`,
    audit: `${prefix}audit`,
  };
}

/**
 * How a principal's sub-queue is named (`queueOwner()` hashed: an owner may hold anything).
 * 128 bits: a collision would only merge two principals' turns.
 */
export function queueToken(owner: string): string {
  return createHash('sha256').update(owner, 'utf8').digest('hex').slice(0, 32);
}

export function isQueueToken(value: string): boolean {
  return /^[0-9a-f]{32}$/.test(value);
}

/** The cluster and command ids of a `deadlines` member, or null when it is not one. */
export function parseDeadlineMember(member: string): { clusterId: string; id: string } | null {
  const [clusterId, id, ...rest] = member.split(':');
  if (!clusterId || !id || rest.length > 0 || /[{}\s]/.test(member)) return null;
  return { clusterId, id };
}

/** How an API key name appears in key names and records: hex SHA-256, so any name is safe. */
export function apiKeyNameDigest(name: string): string {
  return createHash('sha256').update(name, 'utf8').digest('hex');
}

/** Connection names (CLIENT SETNAME) so operators and tests can tell the store's connections. */
export function connectionNames(prefix: string): { command: string; subscriber: string } {
  const base = `porthole:${prefix.replace(/:+$/, '')}`;
  return { command: `${base}:cmd`, subscriber: `${base}:sub` };
}
