-- Appends one turn to a conversation if it still holds the expected version.
-- A Lua script runs atomically on the server: no other command sees or
-- changes the conversation between the version check and the writes. All
-- three keys share one hash tag, so they live in one slot of a Redis Cluster.
--
-- KEYS[1] meta (hash: version, metadata, created, updated, ttl)
-- KEYS[2] turns (list: one JSON turn per element, turn n at index n - 1)
-- KEYS[3] summaries (hash: "<from>-<to>" -> JSON summary)
-- ARGV[1] expected version, ARGV[2] the turn's JSON, ARGV[3] now (ms),
-- ARGV[4] the store's default TTL in ms, or '' for none.
--
-- Returns {1, newVersion}, {0, actualVersion} on a conflict, or
-- {-1, version, turns} when the turns list is out of step with the version.

local version = redis.call('HGET', KEYS[1], 'version')
if not version then
  -- No conversation (or it expired): drop what an expired one may have left.
  redis.call('DEL', KEYS[2], KEYS[3])
  version = 0
else
  version = tonumber(version)
end
if version ~= tonumber(ARGV[1]) then
  return {0, version}
end
local length = redis.call('LLEN', KEYS[2])
if length ~= version then
  return {-1, version, length}
end
if version == 0 and redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'metadata', '{}', 'created', ARGV[3], 'ttl', ARGV[4])
end
redis.call('RPUSH', KEYS[2], ARGV[2])
redis.call('HSET', KEYS[1], 'version', version + 1, 'updated', ARGV[3])
local ttl = redis.call('HGET', KEYS[1], 'ttl')
if ttl and ttl ~= '' then
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('PEXPIRE', KEYS[2], ttl)
  redis.call('PEXPIRE', KEYS[3], ttl)
end
return {1, version + 1}
