// Lua source of the renew script (2 keys), loaded by scripts.ts.
export const lua = `
--[[
  Extend the leases of commands an agent is still running, so a slow command is not handed out
  again while its agent is alive. Only a command still running under a lease is renewed; never
  past its deadline (a lease beyond it would serve nothing).
  KEYS[1]  leases: sorted set of claimed ids, scored by lease end (epoch ms)
  KEYS[2]  prefix of command record keys (the id is appended; same hash tag)
  ARGV[1]  now, epoch ms
  ARGV[2]  lease, ms
  ARGV[3…] command ids
  returns  the ids whose lease was renewed
]]
local now = tonumber(ARGV[1])
local leaseEnd = now + tonumber(ARGV[2])
local out = {}
for i = 3, #ARGV do
  local id = ARGV[i]
  if redis.call('ZSCORE', KEYS[1], id) then
    local key = KEYS[2] .. id
    local rec = redis.call('HMGET', key, 'status', 'deadline')
    if rec[1] == 'running' and tonumber(rec[2]) > now then
      local until_ = math.min(leaseEnd, tonumber(rec[2]))
      redis.call('HSET', key, 'leaseUntil', until_)
      redis.call('ZADD', KEYS[1], until_, id)
      out[#out + 1] = id
    end
  end
end
return out
`;
