// Lua source of the cluster-register script (3 keys), loaded by scripts.ts.
export const lua = `
--[[
  Register a cluster with its first agent token, unless the id exists, the token serves
  another cluster already, or the registry is at its cap.
  KEYS[1]  set of registered cluster ids
  KEYS[2]  record of the cluster (hash: createdAt, 't:' .. token hash → '' while current)
  KEYS[3]  token index (hash: token hash → cluster id)
  ARGV[1]  cluster id
  ARGV[2]  token hash
  ARGV[3]  creation time, epoch ms
  ARGV[4]  cap on clusters
  returns  1 registered, 0 id exists, -1 cap reached, -2 token hash taken
]]
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 0 end
if redis.call('HEXISTS', KEYS[3], ARGV[2]) == 1 then return -2 end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[4]) then return -1 end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[2], 'createdAt', ARGV[3], 't:' .. ARGV[2], '')
redis.call('HSET', KEYS[3], ARGV[2], ARGV[1])
return 1
`;
