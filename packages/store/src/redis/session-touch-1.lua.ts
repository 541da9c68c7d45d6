// Lua source of the session-touch script (1 key), loaded by scripts.ts.
export const lua = `
--[[
  Slide a session's expiry forward (never back) and read it.
  KEYS[1]  session (hash: clusterId, owner, createdAt, expiresAt)
  ARGV[1]  new expiry, epoch ms
  ARGV[2]  now, epoch ms
  returns  {clusterId, owner, createdAt, expiresAt}, or nil when the session is gone
]]
local rec = redis.call('HMGET', KEYS[1], 'clusterId', 'owner', 'createdAt', 'expiresAt')
if not rec[4] then return nil end
local now = tonumber(ARGV[2])
if tonumber(rec[4]) <= now then
  redis.call('DEL', KEYS[1])
  return nil
end
if tonumber(ARGV[1]) > tonumber(rec[4]) then
  redis.call('HSET', KEYS[1], 'expiresAt', ARGV[1])
  redis.call('PEXPIRE', KEYS[1], math.ceil(tonumber(ARGV[1]) - now))
  rec[4] = ARGV[1]
end
return rec
`;
