// Lua source of the audit-append script (1 key), loaded by scripts.ts.
export const lua = `
--[[
  Append audit events to the capped stream, in order. Each id is the store's clock, kept above
  the last id when that clock is behind (another replica's, or a step back), so ids keep append
  order. Several events in one call (those emitted together) read the last id once.
  KEYS[1]  audit stream
  ARGV[1]  now, epoch ms (an integer)
  ARGV[2]  cap (trimmed approximately, in whole stream nodes)
  ARGV[3]  event type, then ARGV[4] ':' .. cluster id or '' for none, ARGV[5] event JSON;
           further events follow as more such triples (ARGV[6..8], ...)
  returns  the id of the last new entry
]]
local ms, seq = tonumber(ARGV[1]), -1
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
if last then
  local lastMs, lastSeq = string.match(last[1], '^(%d+)-(%d+)$')
  if ms <= tonumber(lastMs) then ms, seq = tonumber(lastMs), tonumber(lastSeq) end
end
local id
for i = 3, #ARGV - 2, 3 do
  seq = seq + 1
  id = string.format('%d-%d', ms, seq)
  redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], id, 't', ARGV[i], 'c', ARGV[i + 1],
    'e', ARGV[i + 2])
end
return id
`;
