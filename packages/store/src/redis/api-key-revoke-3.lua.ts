// Lua source of the api-key-revoke script (3 keys), loaded by scripts.ts.
export const lua = `
--[[
  Revoke an API key: it stays findable (as revoked) for the retention, then its record and
  hash index entry expire. Its name is free at once: its name index entry goes.
  KEYS[1]  record of the key (hash)
  KEYS[2]  ends: sorted set of every key id, scored by when it stopped working
  KEYS[3]  base of index keys (the script appends 'hash:' .. hash, 'name:' .. name digest)
  ARGV[1]  id
  ARGV[2]  revocation time, epoch ms
  ARGV[3]  now, epoch ms
  ARGV[4]  retention after the end, ms
  returns  1 revoked, 0 unknown (or purged) or already revoked
]]
local rec = redis.call('HMGET', KEYS[1], 'revokedAt', 'hash', 'name')
if not rec[2] or rec[1] then return 0 end
local now = tonumber(ARGV[3])
local retention = tonumber(ARGV[4])
local ended = redis.call('ZSCORE', KEYS[2], ARGV[1])
-- Past its retention under the caller's clock, though its TTL has not run out yet: gone.
if ended and ended ~= 'inf' and tonumber(ended) + retention <= now then return 0 end

redis.call('HSET', KEYS[1], 'revokedAt', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
local ttl = math.max(math.ceil(tonumber(ARGV[2]) + retention - now), 1)
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[3] .. 'hash:' .. rec[2], ttl)
if rec[3] then
  local name = KEYS[3] .. 'name:' .. rec[3]
  if redis.call('GET', name) == ARGV[1] then redis.call('DEL', name) end
end
return 1
`;
