// Lua source of the rate-consume script (1 key), loaded by scripts.ts.
export const lua = `
--[[
  Sliding-window log: count n events if at most limit - n were counted in the last window, all
  of them or none. Refused events are not counted, so a client that keeps knocking is not locked
  out longer.
  KEYS[1]  the bucket's events (sorted set: unique member → epoch ms)
  ARGV[1]  now, epoch ms
  ARGV[2]  limit
  ARGV[3]  window, ms
  ARGV[4]  a member naming this call, unique among all replicas (event i is ARGV[4]:i)
  ARGV[5]  now minus the window: events at or before it no longer count
  ARGV[6]  n, the events to count; '0' only to look (peek), answering as for one
  returns  {1, remaining, 0} allowed (and counted) | {0, 0, ms until n slots are free} refused
]]
local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local n = tonumber(ARGV[6])
local need = math.max(n, 1)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[5])
local count = redis.call('ZCARD', KEYS[1])
if count + need <= limit and n == 0 then return {1, limit - count, 0} end
if count + need <= limit then
  for i = 1, n do redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4] .. ':' .. i) end
  -- The key lives as long as its newest event counts (a clock step back may leave a later one).
  local newest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
  redis.call('PEXPIRE', KEYS[1], math.max(math.ceil(tonumber(newest[2]) + window - now), 1))
  return {1, limit - count - n, 0}
end
-- More than a whole window holds: never, so say one window.
if need > limit then return {0, 0, window} end
-- n slots free when the event leaving limit - n newer ones behind leaves the window.
local at = count - limit + need - 1
local freeing = redis.call('ZRANGE', KEYS[1], at, at, 'WITHSCORES')
return {0, 0, math.max(math.ceil(tonumber(freeing[2]) + window - now), 1)}
`;
