// Lua source of the deadline-add script (1 key), loaded by scripts.ts.
export const lua = `
--[[
  Put a command in the deadline index, which expireDue reads to find commands to time out.
  The index outlives its latest entry by the result TTL: by then every record it names is
  gone, so an index nobody swept (no API running) cannot outlive what it points at.
  KEYS[1]  deadline index: sorted set of '<cluster id>:<command id>', scored by deadline
  ARGV[1]  member
  ARGV[2]  deadline, epoch ms
  ARGV[3]  ms until the index may go (deadline - now + result TTL)
  returns  1
]]
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
local ms = math.max(tonumber(ARGV[3]), 1)
if redis.call('PTTL', KEYS[1]) < ms then redis.call('PEXPIRE', KEYS[1], ms) end
return 1
`;
