// Lua source of the complete script (5 keys, or 6), loaded by scripts.ts.
import { timeoutLua } from './timeout-fragment.lua.js';

export const lua = `
--[[
  Store a command's result unless it already has one: the first result wins. Before the
  deadline the result is the outcome. At or after it (whatever the lease) the outcome is
  timeout: written here if no expire did it yet, and the result is kept only for reading.
  KEYS[1]  command record (hash)
  KEYS[2]  result (string)
  KEYS[3]  turns of the command's cluster (see enqueue)
  KEYS[4]  leases of the command's cluster
  KEYS[5]  prefix of the cluster's sub-queues (the record's token 'q' is appended)
  KEYS[6]  optional, on a single Redis only: the deadline index, which a command ended here
           leaves (else the caller takes it out)
  ARGV[1]  command id
  ARGV[2]  result JSON
  ARGV[3]  result status: succeeded | failed
  ARGV[4]  result TTL, ms
  ARGV[5]  now, epoch ms
  ARGV[6]  work channel of the command's cluster
  ARGV[7]  '1' to store it only while the command is queued (withdraw), else ''
  ARGV[8]  with KEYS[6]: the command's deadline index member
  returns  {'stored', ttl of the record in ms, envelope JSON}
         | {'late', ttl, reason of the timeout this call wrote or '', envelope JSON}
         | {'duplicate'} | {'not_found'} | {'taken'} (ARGV[7] and not queued)
]]
${timeoutLua}
-- Every record has a status (each write to one checks it first): none means no record.
local rec = redis.call('HMGET', KEYS[1], 'status', 'deadline', 'attempts', 'env', 'reason', 'q')
local status = rec[1]
if redis.call('EXISTS', KEYS[2]) == 1 then return {'duplicate'} end
if not status then return {'not_found'} end
local pending = status == 'queued' or status == 'running'
if ARGV[7] == '1' and (status ~= 'queued' or tonumber(rec[2]) <= tonumber(ARGV[5])) then
  return {'taken'}
end
-- Ended by an agent already (no result key would be inconsistent): nothing more to keep.
if not pending and not rec[5] then return {'duplicate'} end

-- Record and result expire together, at least the result TTL from now. Before the deadline the
-- record already has longer (the deadline, then the result TTL): the result takes its TTL.
local function keep()
  local left = redis.call('PTTL', KEYS[1])
  local ttl = math.max(left, tonumber(ARGV[4]))
  redis.call('SET', KEYS[2], ARGV[2], 'PX', ttl)
  if ttl ~= left then redis.call('PEXPIRE', KEYS[1], ttl) end
  return ttl
end

if not pending then
  -- Timed out before: the first late result is kept for reading; the outcome stays timeout.
  return {'late', keep(), '', rec[4]}
end
if tonumber(rec[2]) <= tonumber(ARGV[5]) then
  local reason = timeOut(KEYS[1], KEYS[3], KEYS[5], rec[6] or '', KEYS[4], ARGV[1], status,
    tonumber(rec[3]) or 0, ARGV[6])
  if KEYS[6] then redis.call('ZREM', KEYS[6], ARGV[8]) end
  return {'late', keep(), reason, rec[4]}
end

local ttl = keep()
redis.call('HSET', KEYS[1], 'status', ARGV[3])
redis.call('ZREM', KEYS[4], ARGV[1])
if KEYS[6] then redis.call('ZREM', KEYS[6], ARGV[8]) end
-- A redelivered command answered by its first agent must not be handed out again.
if status == 'queued' then unqueue(KEYS[3], KEYS[5], rec[6] or '', ARGV[1]) end
-- Announced by id, not with the result: waiters elsewhere read it once. A claimed command's
-- agent has a free slot: its channel may take more, and is told whether any command waits.
local queued = 0
if status == 'running' and redis.call('LLEN', KEYS[3]) > 0 then queued = 1 end
redis.call('PUBLISH', ARGV[6], 'done ' .. ARGV[1] .. ' ' .. queued)
return {'stored', ttl, rec[4]}
`;
