// The store's Lua scripts, loaded and run from this one module (EVALSHA, EVAL on NOSCRIPT).
import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { lua as agentDisconnectLua } from './agent-disconnect-1.lua.js';
import { lua as agentSeenLua } from './agent-seen-1.lua.js';
import { lua as claimLua } from './claim-4.lua.js';
import { lua as completeLua } from './complete-5.lua.js';
import { lua as deadlineAddLua } from './deadline-add-1.lua.js';
import { lua as enqueueLua } from './enqueue-4.lua.js';
import { lua as enqueueClaimLua } from './enqueue-claim-6.lua.js';
import { lua as expireLua } from './expire-5.lua.js';
import { lua as apiKeyCreateLua } from './api-key-create-5.lua.js';
import { lua as apiKeyRevokeLua } from './api-key-revoke-3.lua.js';
import { lua as apiKeyTouchLua } from './api-key-touch-1.lua.js';
import { lua as auditAppendLua } from './audit-append-1.lua.js';
import { lua as clusterDeleteLua } from './cluster-delete-3.lua.js';
import { lua as clusterRegisterLua } from './cluster-register-3.lua.js';
import { lua as clusterRotateLua } from './cluster-rotate-2.lua.js';
import { lua as rateConsumeLua } from './rate-consume-1.lua.js';
import { lua as renewLua } from './renew-2.lua.js';
import { lua as sessionCreateLua } from './session-create-1.lua.js';
import { lua as sessionTouchLua } from './session-touch-1.lua.js';

export interface Script {
  readonly name: string;
  readonly numberOfKeys: number;
  /** Keys a caller may add after those: the command's indexes, on a single Redis only. */
  readonly optionalKeys: number;
  readonly lua: string;
  readonly sha: string;
}

/** `fileName` is `<name>-<numKeys>`, so the key count is stated once, where the script lives. */
function script(fileName: string, lua: string, optionalKeys = 0): Script {
  const match = /^([a-z]+(?:-[a-z]+)*)-(\d+)$/.exec(fileName);
  if (!match?.[1] || !match[2])
    throw new Error(`script file name ${fileName} is not <name>-<numKeys>`);
  if (!lua.trimStart().startsWith('--[[') || !/KEYS\[1\][\s\S]*returns/.test(lua)) {
    throw new Error(`script ${fileName} must open with its KEYS/ARGV/returns header`);
  }
  return {
    name: match[1],
    numberOfKeys: Number(match[2]),
    optionalKeys,
    lua,
    sha: createHash('sha1').update(lua).digest('hex'),
  };
}

export const scripts = {
  enqueue: script('enqueue-4', enqueueLua, 2),
  claim: script('claim-4', claimLua),
  enqueueClaim: script('enqueue-claim-6', enqueueClaimLua, 2),
  renew: script('renew-2', renewLua),
  complete: script('complete-5', completeLua, 1),
  expire: script('expire-5', expireLua),
  deadlineAdd: script('deadline-add-1', deadlineAddLua),
  agentSeen: script('agent-seen-1', agentSeenLua),
  agentDisconnect: script('agent-disconnect-1', agentDisconnectLua),
  apiKeyCreate: script('api-key-create-5', apiKeyCreateLua),
  apiKeyRevoke: script('api-key-revoke-3', apiKeyRevokeLua),
  apiKeyTouch: script('api-key-touch-1', apiKeyTouchLua),
  clusterRegister: script('cluster-register-3', clusterRegisterLua),
  clusterRotate: script('cluster-rotate-2', clusterRotateLua),
  clusterDelete: script('cluster-delete-3', clusterDeleteLua),
  sessionCreate: script('session-create-1', sessionCreateLua),
  sessionTouch: script('session-touch-1', sessionTouchLua),
  rateConsume: script('rate-consume-1', rateConsumeLua),
  auditAppend: script('audit-append-1', auditAppendLua),
} as const;

/** Runs a script by its hash, sending the source only when the server does not know it yet. */
export async function runScript(
  client: Redis | Cluster,
  s: Script,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  if (keys.length !== s.numberOfKeys && keys.length !== s.numberOfKeys + s.optionalKeys) {
    const also = s.optionalKeys > 0 ? ` (or ${s.numberOfKeys + s.optionalKeys})` : '';
    throw new Error(`script ${s.name} takes ${s.numberOfKeys}${also} keys, got ${keys.length}`);
  }
  try {
    return await client.evalsha(s.sha, keys.length, ...keys, ...args);
  } catch (err) {
    if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
    return client.eval(s.lua, keys.length, ...keys, ...args);
  }
}

/** Script name by SHA-1, so a MONITOR or SLOWLOG reader can say which script an EVALSHA ran. */
export const scriptNamesBySha: ReadonlyMap<string, string> = new Map(
  Object.values(scripts).map((s) => [s.sha, s.name]),
);
