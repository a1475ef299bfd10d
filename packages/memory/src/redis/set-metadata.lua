-- Replaces a conversation's metadata and starts its TTL again.
-- KEYS[1] meta, KEYS[2] turns, KEYS[3] summaries (see append-turn.lua).
-- ARGV[1] metadata JSON, ARGV[2] now (ms).
-- Returns 1, or 0 when the conversation does not exist.

if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
redis.call('HSET', KEYS[1], 'metadata', ARGV[1], 'updated', ARGV[2])
local ttl = redis.call('HGET', KEYS[1], 'ttl')
if ttl and ttl ~= '' then
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('PEXPIRE', KEYS[2], ttl)
  redis.call('PEXPIRE', KEYS[3], ttl)
end
return 1
