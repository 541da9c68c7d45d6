// Lua source shared by the enqueue, claim and enqueue-claim scripts (a fragment, not a script):
// the one definition of queueing a command and of handing commands out, so a command queued and
// handed out in one call is treated exactly as one queued, then claimed.
export const queueLua = `
-- Keeps key at least ms longer. A key this call just created (fresh) has no TTL to compare with.
local function extendTtl(key, ms, fresh)
  if ms < 1 then ms = 1 end
  if fresh or redis.call('PTTL', key) < ms then redis.call('PEXPIRE', key, ms) end
end

-- On a single Redis (not Cluster) the command's two indexes outside its cluster's hash slot
-- are written in the same call as its queueing: the id -> cluster index, and its entry in the
-- deadline index (as the deadline-add script writes it). Both live until the record may go.
local function indexFree(indexKey, cluster)
  local owner = redis.call('GET', indexKey)
  return (not owner) or owner == cluster
end
local function index(indexKey, deadlines, cluster, member, deadline, now, resultTtl)
  local ms = math.max(math.max(deadline - now, 0) + resultTtl, 1)
  redis.call('SET', indexKey, cluster, 'PX', ms, 'NX')
  redis.call('ZADD', deadlines, deadline, member)
  extendTtl(deadlines, ms)
end

-- Queues one command in its principal's sub-queue unless that sub-queue or the cluster's whole
-- queue is at its cap; a principal with nothing waiting takes the last turn. Returns 1 queued,
-- 0 already known (enqueue is idempotent), -1 cluster queue full, -2 the principal's sub-queue
-- full. Publishes nothing: the caller says whether other channels have work.
local function enqueue(turns, queue, record, queuePrefix, id, env, deadline, now, resultTtl,
    cap, token, principalCap)
  if redis.call('EXISTS', record) == 1 then return 0 end
  local mine = redis.call('LLEN', queue)
  if mine >= principalCap then return -2 end
  -- The whole queue: every sub-queue with a turn (one read per principal waiting, not per command).
  local total = 0
  local counted = {}
  for _, t in ipairs(redis.call('LRANGE', turns, 0, -1)) do
    if not counted[t] then
      counted[t] = true
      -- The principal's own sub-queue was just read.
      total = total + (t == token and mine or redis.call('LLEN', queuePrefix .. t))
    end
  end
  if total >= cap then return -1 end

  local untilDeadline = math.max(deadline - now, 0)
  redis.call('HSET', record, 'env', env, 'deadline', deadline, 'status', 'queued',
    'attempts', '0', 'q', token)
  -- The record outlives the deadline by the result TTL, so a timeout stays readable that long.
  redis.call('PEXPIRE', record, untilDeadline + resultTtl)
  redis.call('RPUSH', queue, id)
  local turnsFresh = false
  if mine == 0 then
    -- A token left behind by a sub-queue that expired is dropped, so no principal has two turns.
    redis.call('LREM', turns, 0, token)
    turnsFresh = redis.call('RPUSH', turns, token) == 1
  end
  -- An id in a queue is useless after its deadline: each list lives as long as its latest one.
  -- (A list that holds one entry after the push did not exist before it.)
  extendTtl(queue, untilDeadline + 1, mine == 0)
  extendTtl(turns, untilDeadline + 1, turnsFresh)
  return 1
end

-- Puts one command under a lease: running, its attempt counted, in the lease set. More fields
-- of its record (a flat list of names and values) may be written in the same call.
local function lease(leases, key, id, deadline, now, leaseMs, attempt, more)
  local leaseEnd = now + leaseMs
  redis.call('HSET', key, 'status', 'running', 'leaseUntil', leaseEnd, 'attempts', attempt,
    unpack(more or {}))
  redis.call('ZADD', leases, leaseEnd, id)
  -- The entry serves a redelivery from its lease end up to the deadline (after which the
  -- expire script drops it); kept until the later of the two.
  extendTtl(leases, math.max(leaseEnd, deadline) - now + 1)
end

-- When a lease may lapse next (a channel with room claims again then), or ''.
local function firstLeaseEnd(leases)
  return redis.call('ZRANGE', leases, 0, 0, 'WITHSCORES')[2] or ''
end

-- Hands up to max commands to one agent, each under a lease, round-robin across the principals
-- with commands waiting: each turn takes the first command of one principal's sub-queue, and
-- that principal goes last. First, leases that ran out go back to the front of their sub-queue,
-- and their principal's turn comes first, while their deadline has not passed. A command past
-- its deadline is never handed out, and claim does not write its timeout: that transition is
-- the expire script's (found through the deadline index), so it is returned to exactly one
-- caller. Such ids are dropped from the queues and the lease set here.
-- Returns {earliest lease end left or '', how many were handed out before, envelopes...} and
-- how many lapsed leases went back to the queue.
local function claim(turns, leases, recordPrefix, queuePrefix, now, max, leaseMs)
  -- Bounds the work of one call when the queues are full of expired ids; the next call goes on.
  local SCAN_LIMIT = 1000

  -- 1. Leases that ran out, oldest first; pushed to the fronts in reverse to keep that order.
  local lapsed = redis.call('ZRANGEBYSCORE', leases, '-inf', now, 'LIMIT', 0, SCAN_LIMIT)
  local requeued = 0
  for i = #lapsed, 1, -1 do
    local id = lapsed[i]
    redis.call('ZREM', leases, id)
    local key = recordPrefix .. id
    local rec = redis.call('HMGET', key, 'status', 'deadline', 'q')
    if rec[1] == 'running' and rec[3] then
      local deadline = tonumber(rec[2])
      if deadline > now then
        local queue = queuePrefix .. rec[3]
        redis.call('HSET', key, 'status', 'queued')
        redis.call('LREM', turns, 0, rec[3])
        redis.call('LPUSH', turns, rec[3])
        redis.call('LPUSH', queue, id)
        extendTtl(queue, deadline - now + 1)
        extendTtl(turns, deadline - now + 1)
        requeued = requeued + 1
      end
    end
  end

  -- 2. Take turns. Ids whose record expired, already ended, or is past its deadline are skipped.
  local out = {'', 0}
  local taken = 0
  local scanned = 0
  while taken < max and scanned < SCAN_LIMIT do
    local token = redis.call('LPOP', turns)
    if not token then break end
    scanned = scanned + 1
    local queue = queuePrefix .. token
    local id = redis.call('LPOP', queue)
    if redis.call('LLEN', queue) > 0 and redis.call('RPUSH', turns, token) == 1 then
      -- The pop emptied (and so deleted) the turns list: new, it lives as long as the queue.
      -- Else it kept its TTL, which already covers every sub-queue's (both are extended
      -- together wherever a command joins a queue).
      local ttl = redis.call('PTTL', queue)
      if ttl > 0 then extendTtl(turns, ttl, true) end
    end
    if id then
      local key = recordPrefix .. id
      local rec = redis.call('HMGET', key, 'status', 'deadline', 'env', 'attempts')
      if rec[1] == 'queued' then
        local deadline = tonumber(rec[2])
        if deadline > now then
          local attempts = tonumber(rec[4]) or 0
          lease(leases, key, id, deadline, now, leaseMs, attempts + 1)
          out[#out + 1] = rec[3]
          if attempts > 0 then out[2] = out[2] + 1 end
          taken = taken + 1
        end
      end
    end
  end

  out[1] = firstLeaseEnd(leases)
  return out, requeued
end

-- The fast way through enqueue then claim, for a command that would be handed out at once: the
-- cluster has nothing waiting, no turns and no lapsed lease, so the command goes from nothing
-- to running under a lease without passing through the lists. It writes the state the two
-- steps leave behind (queue and turns empty again) in half the calls. Returns claim's reply,
-- or nil when the fast way does not apply (nothing written; the caller goes the long way).
local function takeAtOnce(turns, queue, record, leases, id, env, deadline, now, resultTtl, cap,
    token, principalCap, max, leaseMs)
  if max < 1 or cap < 1 or principalCap < 1 or deadline <= now then return nil end
  -- Cheapest first: under load the turns are rarely empty.
  if redis.call('LLEN', turns) > 0 or redis.call('LLEN', queue) > 0 then return nil end
  if redis.call('EXISTS', record) == 1 then return nil end
  if #redis.call('ZRANGEBYSCORE', leases, '-inf', now, 'LIMIT', 0, 1) > 0 then return nil end
  lease(leases, record, id, deadline, now, leaseMs, 1,
    {'env', env, 'deadline', deadline, 'q', token})
  redis.call('PEXPIRE', record, deadline - now + resultTtl)
  return {firstLeaseEnd(leases), 0, env}
end
`;
