// Lua source of the agent-seen script (1 key), loaded by scripts.ts.
export const lua = `
--[[
  Record an agent's poll and mark its cluster connected, telling the one caller that changed
  it: the cluster was never seen, marked disconnected, or silent past the offline window.
  KEYS[1]  presence of the cluster (hash: json, seen, on)
  ARGV[1]  presence JSON
  ARGV[2]  time of the poll, epoch ms
  ARGV[3]  offline window, ms
  ARGV[4]  presence TTL, ms
  returns  {1 if this poll made the cluster connected else 0,
            time of the previous poll when the cluster was still marked connected though that
            poll was past the window (a disconnection nobody announced), else -1}
]]
-- A presence written by an older API was a plain string (HMGET fails on it): start over.
-- Caught rather than checked with TYPE first, which would cost every refresh a command.
local prev = redis.pcall('HMGET', KEYS[1], 'seen', 'on')
if prev.err then
  redis.call('DEL', KEYS[1])
  prev = {false, false}
end
local seen = tonumber(prev[1])
local on = prev[2] == '1'
local silent = seen ~= nil and tonumber(ARGV[2]) - seen > tonumber(ARGV[3])
redis.call('HSET', KEYS[1], 'json', ARGV[1], 'seen', ARGV[2], 'on', '1')
redis.call('PEXPIRE', KEYS[1], ARGV[4])
local connected = 0
if not on or silent then connected = 1 end
local silentSince = -1
if on and silent then silentSince = seen end
return {connected, silentSince}
`;
