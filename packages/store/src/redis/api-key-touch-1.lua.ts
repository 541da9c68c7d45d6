// Lua source of the api-key-touch script (1 key), loaded by scripts.ts.
export const lua = `
--[[
  Record the last use of an API key, never moving it backwards (replicas race on it).
  KEYS[1]  record of the key (hash)
  ARGV[1]  time of use, epoch ms
  returns  1 when the key exists, 0 otherwise
]]
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local last = tonumber(redis.call('HGET', KEYS[1], 'lastUsedAt'))
if not last or tonumber(ARGV[1]) > last then
  redis.call('HSET', KEYS[1], 'lastUsedAt', ARGV[1])
end
return 1
`;
