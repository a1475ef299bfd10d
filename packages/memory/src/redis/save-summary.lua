-- Stores a summary of turns from..to beside the turns (replacing one of the
-- same range) if the conversation has at least `to` turns.
-- KEYS[1] meta, KEYS[3] summaries (see append-turn.lua).
-- ARGV[1] field ("<from>-<to>"), ARGV[2] summary JSON, ARGV[3] to.
-- Returns {1}, {0} when the conversation does not exist, or {-1, version}.

local version = redis.call('HGET', KEYS[1], 'version')
if not version then
  return {0}
end
version = tonumber(version)
if version < tonumber(ARGV[3]) then
  return {-1, version}
end
redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
local ttl = redis.call('PTTL', KEYS[1])
if ttl > 0 then
  redis.call('PEXPIRE', KEYS[3], ttl)
end
return {1}
