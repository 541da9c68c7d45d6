// Lua source of the expire script (5 keys), loaded by scripts.ts.
import { timeoutLua } from './timeout-fragment.lua.js';

export const lua = `
--[[
  Move a command still unanswered at its deadline to timeout, once: of all the expire and
  complete calls racing on one command, on any replica, exactly one sees the transition.
  KEYS[1]  command record (hash)
  KEYS[2]  result (string)
  KEYS[3]  turns of the command's cluster (see enqueue)
  KEYS[4]  leases of the command's cluster
  KEYS[5]  prefix of the cluster's sub-queues (the record's token 'q' is appended)
  ARGV[1]  command id
  ARGV[2]  now, epoch ms
  ARGV[3]  work channel of the command's cluster
  returns  {'expired', reason, envelope JSON} | {'final'} | {'pending'} | {'not_found'}
]]
${timeoutLua}
if redis.call('EXISTS', KEYS[1]) == 0 then return {'not_found'} end
local rec = redis.call('HMGET', KEYS[1], 'status', 'deadline', 'attempts', 'env', 'q')
local status = rec[1]
if (status ~= 'queued' and status ~= 'running') or redis.call('EXISTS', KEYS[2]) == 1 then
  return {'final'}
end
if tonumber(rec[2]) > tonumber(ARGV[2]) then return {'pending'} end
local reason = timeOut(KEYS[1], KEYS[3], KEYS[5], rec[5] or '', KEYS[4], ARGV[1], status,
  tonumber(rec[3]) or 0, ARGV[3])
return {'expired', reason, rec[4]}
`;
