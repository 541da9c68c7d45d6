// Lua source shared by the complete and expire scripts (a fragment, not a script): the one
// definition of a command's move to timeout, and of taking a queued id out of its sub-queue, so
// both write them the same way.
export const timeoutLua = `
-- Takes a queued id out of its principal's sub-queue; a principal left with none loses its turn.
local function unqueue(turnsKey, queuePrefix, token, id)
  local queue = queuePrefix .. token
  redis.call('LREM', queue, 1, id)
  if redis.call('LLEN', queue) == 0 then redis.call('LREM', turnsKey, 0, token) end
end

-- The transition to timeout: a pending command past its deadline fails with the reason the
-- readers show, leaves its queue and lease set, and wakes its waiters (announced by id on the
-- cluster's work channel: read again).
-- Returns the reason. The caller checked that the record is pending and past its deadline.
local function timeOut(recordKey, turnsKey, queuePrefix, token, leasesKey, id, status, attempts, channel)
  local reason = 'unclaimed'
  if attempts > 0 then reason = 'lease' end
  redis.call('HSET', recordKey, 'status', 'failed', 'reason', reason)
  redis.call('ZREM', leasesKey, id)
  if status == 'queued' then unqueue(turnsKey, queuePrefix, token, id) end
  redis.call('PUBLISH', channel, 'done ' .. id .. ' 0')
  return reason
end
`;
