// Lua source of the enqueue script (2 keys), loaded by scripts.ts.
export const lua = `
--[[
  Queue one command for its cluster, unless the queue is at its cap.
  KEYS[1]  queue: list of command ids waiting to be claimed
  KEYS[2]  command record (hash)
  ARGV[1]  command id
  ARGV[2]  envelope JSON
  ARGV[3]  deadline, epoch ms
  ARGV[4]  now, epoch ms
  ARGV[5]  result TTL, ms
  ARGV[6]  queue cap
  ARGV[7]  work channel of the cluster
  returns  1 queued, 0 already known (enqueue is idempotent), -1 queue full
]]
local function extendTtl(key, ms)
  if ms < 1 then ms = 1 end
  if redis.call('PTTL', key) < ms then redis.call('PEXPIRE', key, ms) end
end

if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
if redis.call('LLEN', KEYS[1]) >= tonumber(ARGV[6]) then return -1 end

local untilDeadline = math.max(tonumber(ARGV[3]) - tonumber(ARGV[4]), 0)
redis.call('HSET', KEYS[2], 'env', ARGV[2], 'deadline', ARGV[3], 'status', 'queued', 'attempts', '0')
-- The record outlives the deadline by the result TTL, so a timeout stays readable that long.
redis.call('PEXPIRE', KEYS[2], untilDeadline + tonumber(ARGV[5]))
redis.call('RPUSH', KEYS[1], ARGV[1])
-- An id in the queue is useless after its deadline: the queue lives as long as its latest one.
extendTtl(KEYS[1], untilDeadline + 1)
redis.call('PUBLISH', ARGV[7], '')
return 1
`;
