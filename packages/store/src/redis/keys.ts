// Every Redis key and channel name the store uses, built in this one module.
// Keys of one cluster share the hash tag `{<clusterId>}` so the Lua scripts, which touch several
// of them at once, stay within one hash slot on Redis Cluster.

export interface StoreKeys {
  /** List of command ids waiting to be claimed. */
  queue(clusterId: string): string;
  /** Sorted set: id of each claimed command, scored by the epoch ms its lease runs out. */
  leases(clusterId: string): string;
  /** Hash: env (envelope JSON), deadline, status, attempts, leaseUntil, reason. */
  command(clusterId: string, id: string): string;
  /** What `command()` puts before the id; the claim script appends ids it pops. */
  commandPrefix(clusterId: string): string;
  /** String: the stored Result JSON. */
  result(clusterId: string, id: string): string;
  /** String: the AgentPresence JSON of the cluster's last poll. */
  agent(clusterId: string): string;
  /** String: id → cluster id, outside any cluster's tag, so a command can be found by id alone. */
  commandCluster(id: string): string;
  /** Channel announcing that a command reached its final state (message: Result JSON or ''). */
  resultChannel(id: string): string;
  /** What `resultChannel()` puts before the id; the claim script appends ids it fails. */
  readonly resultChannelPrefix: string;
  /** Channel announcing that commands may be ready for a cluster. */
  workChannel(clusterId: string): string;
}

function checkPart(kind: string, value: string): string {
  // Braces would move the hash tag; whitespace and ':' would blur key boundaries.
  if (value.length === 0 || /[{}\s:]/.test(value))
    throw new TypeError(`invalid ${kind} for a store key`);
  return value;
}

export function storeKeys(prefix: string): StoreKeys {
  const tag = (clusterId: string) => `${prefix}{${checkPart('cluster id', clusterId)}}`;
  const resultChannelPrefix = `${prefix}ch:result:`;
  return {
    queue: (clusterId) => `${tag(clusterId)}:queue`,
    leases: (clusterId) => `${tag(clusterId)}:leases`,
    command: (clusterId, id) => `${tag(clusterId)}:cmd:${checkPart('command id', id)}`,
    commandPrefix: (clusterId) => `${tag(clusterId)}:cmd:`,
    result: (clusterId, id) => `${tag(clusterId)}:result:${checkPart('command id', id)}`,
    agent: (clusterId) => `${tag(clusterId)}:agent`,
    commandCluster: (id) => `${prefix}cmd-cluster:${checkPart('command id', id)}`,
    resultChannel: (id) => `${resultChannelPrefix}${checkPart('command id', id)}`,
    resultChannelPrefix,
    workChannel: (clusterId) => `${prefix}ch:work:${checkPart('cluster id', clusterId)}`,
  };
}

/** Connection names (CLIENT SETNAME) so operators and tests can tell the store's connections. */
export function connectionNames(prefix: string): { command: string; subscriber: string } {
  const base = `porthole:${prefix.replace(/:+$/, '')}`;
  return { command: `${base}:cmd`, subscriber: `${base}:sub` };
}
