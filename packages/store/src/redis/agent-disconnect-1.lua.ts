// Lua source of the agent-disconnect script (1 key), loaded by scripts.ts.
export const lua = `
--[[
  Mark a cluster disconnected if it is marked connected and its last poll is past the offline
  window: a compare-and-set, so of the replicas that notice, one makes the change.
  KEYS[1]  presence of the cluster (hash: json, seen, on)
  ARGV[1]  now, epoch ms
  ARGV[2]  offline window, ms
  returns  the presence JSON when this call made the change, else nil
]]
-- A presence an older API wrote as a plain string fails HMGET: never marked connected here.
local rec = redis.pcall('HMGET', KEYS[1], 'on', 'seen', 'json')
if rec.err or rec[1] ~= '1' then return false end
local seen = tonumber(rec[2])
if seen ~= nil and tonumber(ARGV[1]) - seen <= tonumber(ARGV[2]) then return false end
redis.call('HSET', KEYS[1], 'on', '0')
return rec[3]
`;
