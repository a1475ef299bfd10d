-- Creates an empty conversation (version 0) unless it exists.
-- KEYS[1] meta, KEYS[2] turns, KEYS[3] summaries (see append-turn.lua).
-- ARGV[1] metadata JSON, ARGV[2] now (ms), ARGV[3] TTL in ms, or '' for none.
-- Returns {1} when created, {0, version} when the conversation exists.

local version = redis.call('HGET', KEYS[1], 'version')
if version then
  return {0, tonumber(version)}
end
redis.call('DEL', KEYS[2], KEYS[3])
redis.call('HSET', KEYS[1], 'version', 0, 'metadata', ARGV[1], 'created', ARGV[2], 'updated', ARGV[2], 'ttl', ARGV[3])
if ARGV[3] ~= '' then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return {1}
