// Lua source of the audit-append script (1 key), loaded by scripts.ts.
export const lua = `
--[[
  Append an audit event to the capped stream. Its id is the store's clock, kept above the last
  id when that clock is behind (another replica's, or a step back), so ids keep append order.
  KEYS[1]  audit stream
  ARGV[1]  now, epoch ms (an integer)
  ARGV[2]  cap (trimmed approximately, in whole stream nodes)
  ARGV[3]  event type
  ARGV[4]  ':' .. cluster id, or '' for none
  ARGV[5]  event JSON
  returns  the id of the new entry
]]
local id = ARGV[1] .. '-0'
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
if last then
  local ms, seq = string.match(last[1], '^(%d+)-(%d+)$')
  if tonumber(ARGV[1]) <= tonumber(ms) then id = ms .. '-' .. (tonumber(seq) + 1) end
end
return redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], id, 't', ARGV[3], 'c', ARGV[4], 'e', ARGV[5])
`;
