// Lua source of the enqueue script (4 keys), loaded by scripts.ts.
export const lua = `
--[[
  Queue one command for its cluster in its principal's sub-queue, unless that sub-queue or the
  cluster's whole queue is at its cap. A principal with nothing waiting takes the last turn.
  KEYS[1]  turns: list of the queue tokens of principals with commands waiting
  KEYS[2]  the principal's sub-queue: list of its command ids waiting to be claimed
  KEYS[3]  command record (hash)
  KEYS[4]  prefix of the cluster's sub-queues (the token is appended; same hash tag)
  ARGV[1]  command id
  ARGV[2]  envelope JSON
  ARGV[3]  deadline, epoch ms
  ARGV[4]  now, epoch ms
  ARGV[5]  result TTL, ms
  ARGV[6]  cap of the cluster's queue
  ARGV[7]  work channel of the cluster
  ARGV[8]  the principal's queue token
  ARGV[9]  cap of one principal's sub-queue
  returns  1 queued, 0 already known (enqueue is idempotent), -1 cluster queue full,
           -2 the principal's sub-queue full
]]
local function extendTtl(key, ms)
  if ms < 1 then ms = 1 end
  if redis.call('PTTL', key) < ms then redis.call('PEXPIRE', key, ms) end
end

if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
local mine = redis.call('LLEN', KEYS[2])
if mine >= tonumber(ARGV[9]) then return -2 end
-- The whole queue: every sub-queue with a turn (one read per principal waiting, not per command).
local total = 0
local counted = {}
for _, token in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
  if not counted[token] then
    counted[token] = true
    total = total + redis.call('LLEN', KEYS[4] .. token)
  end
end
if total >= tonumber(ARGV[6]) then return -1 end

local untilDeadline = math.max(tonumber(ARGV[3]) - tonumber(ARGV[4]), 0)
redis.call('HSET', KEYS[3], 'env', ARGV[2], 'deadline', ARGV[3], 'status', 'queued',
  'attempts', '0', 'q', ARGV[8])
-- The record outlives the deadline by the result TTL, so a timeout stays readable that long.
redis.call('PEXPIRE', KEYS[3], untilDeadline + tonumber(ARGV[5]))
redis.call('RPUSH', KEYS[2], ARGV[1])
if mine == 0 then
  -- A token left behind by a sub-queue that expired is dropped, so no principal has two turns.
  redis.call('LREM', KEYS[1], 0, ARGV[8])
  redis.call('RPUSH', KEYS[1], ARGV[8])
end
-- An id in a queue is useless after its deadline: each list lives as long as its latest one.
extendTtl(KEYS[2], untilDeadline + 1)
extendTtl(KEYS[1], untilDeadline + 1)
redis.call('PUBLISH', ARGV[7], '')
return 1
`;
