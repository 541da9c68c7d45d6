// Lua source of the rate-consume script (1 key), loaded by scripts.ts.
export const lua = `
--[[
  Sliding-window log: count an event if fewer than the limit were counted in the last window.
  Refused events are not counted, so a client that keeps knocking is not locked out longer.
  KEYS[1]  the bucket's events (sorted set: unique member → epoch ms)
  ARGV[1]  now, epoch ms
  ARGV[2]  limit
  ARGV[3]  window, ms
  ARGV[4]  a member naming this event, unique among all replicas
  ARGV[5]  now minus the window: events at or before it no longer count
  ARGV[6]  '1' to count the event, '0' only to look (peek)
  returns  {1, remaining, 0} allowed (and counted) | {0, 0, ms until a slot frees} refused
]]
local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[5])
local count = redis.call('ZCARD', KEYS[1])
if count < limit and ARGV[6] == '0' then return {1, limit - count, 0} end
if count < limit then
  redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
  -- The key lives as long as its newest event counts (a clock step back may leave a later one).
  local newest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
  redis.call('PEXPIRE', KEYS[1], math.max(math.ceil(tonumber(newest[2]) + window - now), 1))
  return {1, limit - count - 1, 0}
end
-- A slot frees when the event leaving limit - 1 newer ones behind leaves the window.
local freeing = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
return {0, 0, math.max(math.ceil(tonumber(freeing[2]) + window - now), 1)}
`;
