// Lua source of the api-key-create script (5 keys), loaded by scripts.ts.
export const lua = `
--[[
  Store a new API key unless its id or hash is taken, a live key (neither revoked nor expired)
  holds its name, or the live keys are at their cap. First, keys past their retention are
  purged, then the oldest ended ones beyond the cap, so records are bounded in number as well
  as in time (their TTLs purge them too).
  KEYS[1]  record of the new key (hash)
  KEYS[2]  hash index entry of the new key (string)
  KEYS[3]  ends: sorted set of every key id, scored by when it stopped working (+inf while live)
  KEYS[4]  base of record and index keys (the script appends 'key:' .. id, 'hash:' .. hash,
           'name:' .. name digest)
  KEYS[5]  name index entry of the new key (string: id of the key that last took the name)
  ARGV[1]  id
  ARGV[2]  key hash
  ARGV[3]  record JSON (without lastUsedAt and revokedAt)
  ARGV[4]  lastUsedAt, epoch ms, or ''
  ARGV[5]  end of the key (its expiresAt), epoch ms, or '+inf'
  ARGV[6]  now, epoch ms
  ARGV[7]  cap on live keys
  ARGV[8]  retention after the end, ms
  ARGV[9]  now minus the retention: keys that ended at or before it are purged
  ARGV[10] digest of the name (what KEYS[5] ends with)
  returns  'ok' | 'id' (id taken) | 'hash' (hash taken) | 'name' (a live key has the name)
           | 'limit' (cap reached)
]]
local now = tonumber(ARGV[6])
local max = tonumber(ARGV[7])
local retention = tonumber(ARGV[8])
-- Bounds the work of one call; the next one goes on.
local SCAN_LIMIT = 1000

local function purge(id)
  local record = KEYS[4] .. 'key:' .. id
  local fields = redis.call('HMGET', record, 'hash', 'name')
  for i, kind in ipairs({ 'hash:', 'name:' }) do
    if fields[i] then
      local index = KEYS[4] .. kind .. fields[i]
      if redis.call('GET', index) == id then redis.call('DEL', index) end
    end
  end
  redis.call('DEL', record)
  redis.call('ZREM', KEYS[3], id)
end

local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', ARGV[9], 'LIMIT', 0, SCAN_LIMIT)
for _, id in ipairs(expired) do purge(id) end
local ended = redis.call('ZCOUNT', KEYS[3], '-inf', ARGV[6])
if ended > max then
  local excess = math.min(ended - max, SCAN_LIMIT)
  local oldest = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', ARGV[6], 'LIMIT', 0, excess)
  for _, id in ipairs(oldest) do purge(id) end
end

if redis.call('EXISTS', KEYS[1]) == 1 then return 'id' end
if redis.call('EXISTS', KEYS[2]) == 1 then return 'hash' end
-- The name is free when its last holder has ended (score at or before now) or is gone.
local holder = redis.call('GET', KEYS[5])
if holder then
  local ends = redis.call('ZSCORE', KEYS[3], holder)
  if ends and (ends == 'inf' or tonumber(ends) > now) then return 'name' end
end
if redis.call('ZCOUNT', KEYS[3], '(' .. ARGV[6], '+inf') >= max then return 'limit' end

redis.call('HSET', KEYS[1], 'data', ARGV[3], 'hash', ARGV[2], 'name', ARGV[10])
if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'lastUsedAt', ARGV[4]) end
redis.call('SET', KEYS[2], ARGV[1])
redis.call('SET', KEYS[5], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[5], ARGV[1])
if ARGV[5] ~= '+inf' then
  -- A key that expires is purged the retention after; a live one is bounded by the cap.
  local ttl = math.max(math.ceil(tonumber(ARGV[5]) + retention - now), 1)
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('PEXPIRE', KEYS[2], ttl)
  redis.call('PEXPIRE', KEYS[5], ttl)
end
return 'ok'
`;
