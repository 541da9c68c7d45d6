// Lua source of the claim script (4 keys), loaded by scripts.ts.
import { queueLua } from './queue-fragment.lua.js';

export const lua = `
--[[
  Hand up to ARGV[2] commands of a cluster to one agent, each under a lease, round-robin across
  the principals with commands waiting (queue-fragment).
  KEYS[1]  turns: list of the queue tokens of principals with commands waiting
  KEYS[2]  leases: sorted set of claimed ids, scored by lease end (epoch ms)
  KEYS[3]  prefix of command record keys (the id is appended; same hash tag)
  KEYS[4]  prefix of the cluster's sub-queues (the token is appended; same hash tag)
  ARGV[1]  now, epoch ms
  ARGV[2]  max commands to hand out
  ARGV[3]  lease, ms
  ARGV[4]  work channel of the cluster
  returns  {earliest lease end left (epoch ms) or '', how many of the commands were handed out
           before, envelope JSON strings in turn order...}
]]
${queueLua}
local out, requeued = claim(KEYS[1], KEYS[2], KEYS[3], KEYS[4], tonumber(ARGV[1]),
  tonumber(ARGV[2]), tonumber(ARGV[3]))
-- Redelivered commands this agent did not take are for the others.
if requeued > 0 and redis.call('LLEN', KEYS[1]) > 0 then
  redis.call('PUBLISH', ARGV[4], '')
end
return out
`;
