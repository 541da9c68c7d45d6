// Lua source of the cluster-delete script (3 keys), loaded by scripts.ts.
export const lua = `
--[[
  Remove a cluster from the registry with its token index entries. Its queue, leases and
  presence live under its own hash tag and are deleted by the caller next.
  KEYS[1]  set of registered cluster ids
  KEYS[2]  record of the cluster (hash: createdAt, 't:' .. token hash → end)
  KEYS[3]  token index (hash: token hash → cluster id)
  ARGV[1]  cluster id
  returns  1 deleted, 0 unknown
]]
local removed = redis.call('SREM', KEYS[1], ARGV[1])
for _, field in ipairs(redis.call('HKEYS', KEYS[2])) do
  if string.sub(field, 1, 2) == 't:' then
    local hash = string.sub(field, 3)
    if redis.call('HGET', KEYS[3], hash) == ARGV[1] then redis.call('HDEL', KEYS[3], hash) end
  end
end
redis.call('DEL', KEYS[2])
return removed
`;
