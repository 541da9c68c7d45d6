// Lua source of the enqueue-claim script (6 keys, or 8), loaded by scripts.ts.
import { queueLua } from './queue-fragment.lua.js';

export const lua = `
--[[
  Queue one command, then hand up to ARGV[10] commands of its cluster to the agent channel of
  the caller, in one call: the enqueue script followed by the claim script (queue-fragment), for
  a replica that holds a channel with room. The other channels are told only of work left over.
  KEYS[1]  turns: list of the queue tokens of principals with commands waiting
  KEYS[2]  the principal's sub-queue: list of its command ids waiting to be claimed
  KEYS[3]  command record (hash)
  KEYS[4]  prefix of the cluster's sub-queues (the token is appended; same hash tag)
  KEYS[5]  leases: sorted set of claimed ids, scored by lease end (epoch ms)
  KEYS[6]  prefix of command record keys (the id is appended; same hash tag)
  KEYS[7]  optional, on a single Redis only (with KEYS[8]): the id -> cluster index (string)
  KEYS[8]  the deadline index (see deadline-add), written with KEYS[7] when queued
  ARGV[1]..ARGV[9]  as the enqueue script
  ARGV[10] max commands to hand out
  ARGV[11] lease, ms
  ARGV[12] with KEYS[7]: the cluster id
  ARGV[13] with KEYS[7]: the command's deadline index member
  returns  {enqueue's reply} when it was not queued (-1, -2, -3 as the enqueue script), else
           {enqueue's reply (1 or 0), then the claim script's reply...}
]]
${queueLua}
local now = tonumber(ARGV[4])
if KEYS[7] and not indexFree(KEYS[7], ARGV[12]) then return {-3} end
local function indexed()
  if KEYS[7] then
    index(KEYS[7], KEYS[8], ARGV[12], ARGV[13], tonumber(ARGV[3]), now, tonumber(ARGV[5]))
  end
end
-- An idle cluster (the usual case for a replica whose channel has room): straight to running.
local out = takeAtOnce(KEYS[1], KEYS[2], KEYS[3], KEYS[5], ARGV[1], ARGV[2], tonumber(ARGV[3]),
  now, tonumber(ARGV[5]), tonumber(ARGV[6]), ARGV[8], tonumber(ARGV[9]), tonumber(ARGV[10]),
  tonumber(ARGV[11]))
if out then
  indexed()
  table.insert(out, 1, 1)
  return out
end
local queued = enqueue(KEYS[1], KEYS[2], KEYS[3], KEYS[4], ARGV[1], ARGV[2], tonumber(ARGV[3]),
  now, tonumber(ARGV[5]), tonumber(ARGV[6]), ARGV[8], tonumber(ARGV[9]))
if queued < 0 then return {queued} end
indexed()
out = claim(KEYS[1], KEYS[5], KEYS[6], KEYS[4], now, tonumber(ARGV[10]), tonumber(ARGV[11]))
if redis.call('LLEN', KEYS[1]) > 0 then redis.call('PUBLISH', ARGV[7], '') end
table.insert(out, 1, queued)
return out
`;
