// Lua source shared by the complete and expire scripts (a fragment, not a script): the one
// definition of a command's move to timeout, so both write it the same way.
export const timeoutLua = `
-- The transition to timeout: a pending command past its deadline fails with the reason the
-- readers show, leaves its queue and lease set, and wakes its waiters (message '': read again).
-- Returns the reason. The caller checked that the record is pending and past its deadline.
local function timeOut(recordKey, queueKey, leasesKey, id, status, attempts, channel)
  local reason = 'unclaimed'
  if attempts > 0 then reason = 'lease' end
  redis.call('HSET', recordKey, 'status', 'failed', 'reason', reason)
  redis.call('ZREM', leasesKey, id)
  if status == 'queued' then redis.call('LREM', queueKey, 1, id) end
  redis.call('PUBLISH', channel, '')
  return reason
end
`;
