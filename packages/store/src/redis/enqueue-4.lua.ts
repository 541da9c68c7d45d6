// Lua source of the enqueue script (4 keys, or 6), loaded by scripts.ts.
import { queueLua } from './queue-fragment.lua.js';

export const lua = `
--[[
  Queue one command for its cluster in its principal's sub-queue (queue-fragment), and tell the
  cluster's channels there is work.
  KEYS[1]  turns: list of the queue tokens of principals with commands waiting
  KEYS[2]  the principal's sub-queue: list of its command ids waiting to be claimed
  KEYS[3]  command record (hash)
  KEYS[4]  prefix of the cluster's sub-queues (the token is appended; same hash tag)
  KEYS[5]  optional, on a single Redis only (with KEYS[6]): the id -> cluster index (string)
  KEYS[6]  the deadline index (see deadline-add), written with KEYS[5] when queued
  ARGV[1]  command id
  ARGV[2]  envelope JSON
  ARGV[3]  deadline, epoch ms
  ARGV[4]  now, epoch ms
  ARGV[5]  result TTL, ms
  ARGV[6]  cap of the cluster's queue
  ARGV[7]  work channel of the cluster
  ARGV[8]  the principal's queue token
  ARGV[9]  cap of one principal's sub-queue
  ARGV[10] with KEYS[5]: the cluster id
  ARGV[11] with KEYS[5]: the command's deadline index member
  returns  1 queued, 0 already known (enqueue is idempotent), -1 cluster queue full,
           -2 the principal's sub-queue full, -3 the id is another cluster's (with KEYS[5]);
           nothing is written unless 1 or 0
]]
${queueLua}
if KEYS[5] and not indexFree(KEYS[5], ARGV[10]) then return -3 end
local queued = enqueue(KEYS[1], KEYS[2], KEYS[3], KEYS[4], ARGV[1], ARGV[2], tonumber(ARGV[3]),
  tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), ARGV[8], tonumber(ARGV[9]))
if queued >= 0 and KEYS[5] then
  index(KEYS[5], KEYS[6], ARGV[10], ARGV[11], tonumber(ARGV[3]), tonumber(ARGV[4]),
    tonumber(ARGV[5]))
end
if queued == 1 then redis.call('PUBLISH', ARGV[7], '') end
return queued
`;
