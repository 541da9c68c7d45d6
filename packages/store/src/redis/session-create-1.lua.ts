// Lua source of the session-create script (1 key), loaded by scripts.ts.
export const lua = `
--[[
  Store a session that expires at its expiresAt, unless a live one has its id.
  KEYS[1]  session (hash: clusterId, owner, createdAt, expiresAt)
  ARGV[1]  cluster id
  ARGV[2]  owner (the principal id)
  ARGV[3]  creation time, epoch ms
  ARGV[4]  expiry, epoch ms
  ARGV[5]  now, epoch ms
  returns  1 stored, 0 id taken, 2 already expired (nothing stored)
]]
local now = tonumber(ARGV[5])
local current = redis.call('HGET', KEYS[1], 'expiresAt')
if current and tonumber(current) > now then return 0 end
redis.call('DEL', KEYS[1])
local ttl = math.ceil(tonumber(ARGV[4]) - now)
if ttl <= 0 then return 2 end
redis.call('HSET', KEYS[1], 'clusterId', ARGV[1], 'owner', ARGV[2], 'createdAt', ARGV[3], 'expiresAt', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ttl)
return 1
`;
