// Lua source of the claim script (4 keys), loaded by scripts.ts.
export const lua = `
--[[
  Hand up to ARGV[2] commands of a cluster to one agent, each under a lease, round-robin across
  the principals with commands waiting: each turn takes the first command of one principal's
  sub-queue, and that principal goes last. First, leases that ran out go back to the front of
  their sub-queue, and their principal's turn comes first, while their deadline has not passed. A command past its deadline is never handed out, and claim does not
  write its timeout: that transition is the expire script's (found through the deadline index),
  so it is returned to exactly one caller. Such ids are dropped from the queues and the lease
  set here.
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
local now = tonumber(ARGV[1])
local max = tonumber(ARGV[2])
local leaseMs = tonumber(ARGV[3])
-- Bounds the work of one call when the queues are full of expired ids; the next call goes on.
local SCAN_LIMIT = 1000

local function extendTtl(key, ms)
  if ms < 1 then ms = 1 end
  if redis.call('PTTL', key) < ms then redis.call('PEXPIRE', key, ms) end
end

-- 1. Leases that ran out, oldest first; pushed to the fronts in reverse to keep that order.
local lapsed = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, SCAN_LIMIT)
local requeued = 0
for i = #lapsed, 1, -1 do
  local id = lapsed[i]
  redis.call('ZREM', KEYS[2], id)
  local key = KEYS[3] .. id
  local rec = redis.call('HMGET', key, 'status', 'deadline', 'q')
  if rec[1] == 'running' and rec[3] then
    local deadline = tonumber(rec[2])
    if deadline > now then
      local queue = KEYS[4] .. rec[3]
      redis.call('HSET', key, 'status', 'queued')
      redis.call('LREM', KEYS[1], 0, rec[3])
      redis.call('LPUSH', KEYS[1], rec[3])
      redis.call('LPUSH', queue, id)
      extendTtl(queue, deadline - now + 1)
      extendTtl(KEYS[1], deadline - now + 1)
      requeued = requeued + 1
    end
  end
end

-- 2. Take turns. Ids whose record expired, already ended, or is past its deadline are skipped.
local out = {'', 0}
local taken = 0
local scanned = 0
while taken < max and scanned < SCAN_LIMIT do
  local token = redis.call('LPOP', KEYS[1])
  if not token then break end
  scanned = scanned + 1
  local queue = KEYS[4] .. token
  local id = redis.call('LPOP', queue)
  if redis.call('LLEN', queue) > 0 then
    redis.call('RPUSH', KEYS[1], token)
    -- The pop may have emptied (and so deleted) the turns list: it lives as long as the queue.
    local ttl = redis.call('PTTL', queue)
    if ttl > 0 then extendTtl(KEYS[1], ttl) end
  end
  if id then
    local key = KEYS[3] .. id
    local rec = redis.call('HMGET', key, 'status', 'deadline', 'env', 'attempts')
    if rec[1] == 'queued' then
      local deadline = tonumber(rec[2])
      if deadline > now then
        local attempts = tonumber(rec[4]) or 0
        local leaseEnd = now + leaseMs
        redis.call('HSET', key, 'status', 'running', 'leaseUntil', leaseEnd, 'attempts', attempts + 1)
        redis.call('ZADD', KEYS[2], leaseEnd, id)
        -- The entry serves a redelivery from its lease end up to the deadline (after which the
        -- expire script drops it); kept until the later of the two.
        extendTtl(KEYS[2], math.max(leaseEnd, deadline) - now + 1)
        out[#out + 1] = rec[3]
        if attempts > 0 then out[2] = out[2] + 1 end
        taken = taken + 1
      end
    end
  end
end

-- Redelivered commands this agent did not take are for the others.
if requeued > 0 and redis.call('LLEN', KEYS[1]) > 0 then
  redis.call('PUBLISH', ARGV[4], '')
end
-- When a lease may lapse next: a channel with room claims again then.
local first = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
if first[2] then out[1] = first[2] end
return out
`;
