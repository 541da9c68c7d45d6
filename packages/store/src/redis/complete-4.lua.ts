// Lua source of the complete script (4 keys), loaded by scripts.ts.
export const lua = `
--[[
  Store a command's result unless it already has one: the first result wins. A command past
  its deadline that nobody holds under a lease has already failed (timeout), so a late result
  is a duplicate; that failure is written down here if no claim did it yet.
  KEYS[1]  command record (hash)
  KEYS[2]  result (string)
  KEYS[3]  queue of the command's cluster
  KEYS[4]  leases of the command's cluster
  ARGV[1]  command id
  ARGV[2]  result JSON
  ARGV[3]  result status: succeeded | failed
  ARGV[4]  result TTL, ms
  ARGV[5]  now, epoch ms
  ARGV[6]  result channel of the command
  returns  {'stored', ttl of the record in ms} | {'duplicate'} | {'not_found'}
]]
if redis.call('EXISTS', KEYS[1]) == 0 then
  if redis.call('EXISTS', KEYS[2]) == 1 then return {'duplicate'} end
  return {'not_found'}
end
local rec = redis.call('HMGET', KEYS[1], 'status', 'deadline', 'leaseUntil', 'attempts')
local status = rec[1]
if (status ~= 'queued' and status ~= 'running') or redis.call('EXISTS', KEYS[2]) == 1 then
  return {'duplicate'}
end

local now = tonumber(ARGV[5])
local deadline = tonumber(rec[2])
local leaseUntil = tonumber(rec[3]) or 0
if deadline <= now and (status == 'queued' or leaseUntil <= now) then
  local attempts = tonumber(rec[4]) or 0
  local reason = 'unclaimed'
  if attempts > 0 then reason = 'lease' end
  redis.call('HSET', KEYS[1], 'status', 'failed', 'reason', reason)
  redis.call('ZREM', KEYS[4], ARGV[1])
  if status == 'queued' then redis.call('LREM', KEYS[3], 1, ARGV[1]) end
  redis.call('PUBLISH', ARGV[6], '')
  return {'duplicate'}
end

-- Record and result expire together, at least the result TTL from now.
local ttl = math.max(redis.call('PTTL', KEYS[1]), tonumber(ARGV[4]))
redis.call('SET', KEYS[2], ARGV[2], 'PX', ttl)
redis.call('HSET', KEYS[1], 'status', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('ZREM', KEYS[4], ARGV[1])
-- A redelivered command answered by its first agent must not be handed out again.
if status == 'queued' then redis.call('LREM', KEYS[3], 1, ARGV[1]) end
redis.call('PUBLISH', ARGV[6], ARGV[2])
return {'stored', ttl}
`;
