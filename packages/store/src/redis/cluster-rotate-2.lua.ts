// Lua source of the cluster-rotate script (2 keys), loaded by scripts.ts.
export const lua = `
--[[
  Make a new agent token current. The previous current token gets a grace period; tokens past
  their end are dropped, and so are the grace tokens ending first beyond the per-cluster cap.
  KEYS[1]  record of the cluster (hash: createdAt, 't:' .. token hash → end, '' while current)
  KEYS[2]  token index (hash: token hash → cluster id)
  ARGV[1]  cluster id
  ARGV[2]  new token hash
  ARGV[3]  end of the previous current token's grace, epoch ms
  ARGV[4]  now, epoch ms
  ARGV[5]  cap on tokens per cluster (the new one included)
  returns  1 rotated, 0 unknown cluster, -2 token hash taken
]]
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 then return -2 end
local now = tonumber(ARGV[4])

local function drop(hash)
  redis.call('HDEL', KEYS[1], 't:' .. hash)
  if redis.call('HGET', KEYS[2], hash) == ARGV[1] then redis.call('HDEL', KEYS[2], hash) end
end

local kept = {}
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
  local field, value = fields[i], fields[i + 1]
  if string.sub(field, 1, 2) == 't:' then
    local hash = string.sub(field, 3)
    local ends = value
    if value == '' then ends = ARGV[3] end
    if tonumber(ends) <= now then
      drop(hash)
    else
      redis.call('HSET', KEYS[1], field, ends)
      kept[#kept + 1] = { hash = hash, ends = tonumber(ends) }
    end
  end
end

-- The same order as the memory store: the latest ending stay, ties kept by hash order.
table.sort(kept, function(a, b)
  if a.ends ~= b.ends then return a.ends < b.ends end
  return a.hash > b.hash
end)
for i = 1, #kept - (tonumber(ARGV[5]) - 1) do drop(kept[i].hash) end

redis.call('HSET', KEYS[1], 't:' .. ARGV[2], '')
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
return 1
`;
