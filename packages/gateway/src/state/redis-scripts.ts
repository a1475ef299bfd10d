// The Lua scripts of the Redis gateway state. Each runs atomically in Redis,
// so instances never interleave a read and a write of the same key. Every
// script touches the keys it is given only (KEYS), so it also runs on a
// Redis Cluster: a key's buckets share one hash slot through `{key id}`.

/** Refills a bucket of `cap` per minute since its last update; shared by the rate scripts. */
const refillFunction = `
local function refill(level, at, cap, now)
  if level == false then return cap end
  local elapsed = now - tonumber(at)
  if elapsed < 0 then elapsed = 0 end
  return math.min(cap, tonumber(level) + elapsed * cap / 60000)
end
`;

/**
 * Takes a request and its estimated tokens from a key's buckets, all or
 * nothing. KEYS[1]: the key's bucket hash. ARGV: now (ms), requests, tokens,
 * rpm, tpm (-1 for no limit). Returns {1} when taken, or {0, 1 (requests) |
 * 2 (tokens), retry after ms}.
 */
export const takeRateScript = `${refillFunction}
local now = tonumber(ARGV[1])
local needRequests = tonumber(ARGV[2])
local needTokens = tonumber(ARGV[3])
local rpm = tonumber(ARGV[4])
local tpm = tonumber(ARGV[5])
local state = redis.call('HMGET', KEYS[1], 'rl', 'ra', 'tl', 'ta')
local requests = 0
local tokens = 0
if rpm >= 0 then requests = refill(state[1], state[2], rpm, now) end
if tpm >= 0 then tokens = refill(state[3], state[4], tpm, now) end
if rpm >= 0 and requests < needRequests then
  return {0, 1, math.max(1, math.ceil((needRequests - requests) * 60000 / rpm))}
end
if tpm >= 0 and tokens < needTokens then
  return {0, 2, math.max(1, math.ceil((needTokens - tokens) * 60000 / tpm))}
end
if rpm >= 0 then redis.call('HSET', KEYS[1], 'rl', tostring(requests - needRequests), 'ra', ARGV[1]) end
if tpm >= 0 then redis.call('HSET', KEYS[1], 'tl', tostring(tokens - needTokens), 'ta', ARGV[1]) end
-- A bucket left alone for two minutes is full again (from a debt of a minute's allowance): forget it.
redis.call('PEXPIRE', KEYS[1], 120000)
return {1}
`;

/**
 * Corrects a key's token bucket by the difference between the real and the
 * estimated tokens. KEYS[1]: the key's bucket hash. ARGV: now (ms), tokens to
 * take (negative to give back), tpm.
 */
export const adjustTokensScript = `${refillFunction}
local now = tonumber(ARGV[1])
local delta = tonumber(ARGV[2])
local tpm = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tl', 'ta')
local tokens = refill(state[1], state[2], tpm, now) - delta
if tokens < -tpm then tokens = -tpm end
if tokens > tpm then tokens = tpm end
redis.call('HSET', KEYS[1], 'tl', tostring(tokens), 'ta', ARGV[1])
redis.call('PEXPIRE', KEYS[1], 120000)
return 1
`;

/**
 * Adds spending to a key's budget period. KEYS[1]: the period's counter.
 * ARGV: US dollars, time to live in ms (-1: none). Returns the new total as text.
 */
export const addSpendScript = `
local total = redis.call('INCRBYFLOAT', KEYS[1], ARGV[1])
if tonumber(ARGV[2]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return total
`;

/**
 * Records that a circuit is open until a time, keeping a later one.
 * KEYS[1]: the circuits hash. ARGV: circuit key, until (ms).
 */
export const openCircuitScript = `
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if tonumber(ARGV[2]) > current then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
return 1
`;

/**
 * Clears a circuit if it still holds the given time (another instance may
 * have opened it again since). KEYS[1]: the circuits hash. ARGV: circuit key, until (ms).
 */
export const closeCircuitScript = `
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then redis.call('HDEL', KEYS[1], ARGV[1]) end
return 1
`;

/**
 * Lists the circuits still open and forgets the expired ones. KEYS[1]: the
 * circuits hash. ARGV: now (ms). Returns {key, until, key, until...}.
 */
export const listCircuitsScript = `
local now = tonumber(ARGV[1])
local entries = redis.call('HGETALL', KEYS[1])
local open = {}
for i = 1, #entries, 2 do
  if tonumber(entries[i + 1]) <= now then
    redis.call('HDEL', KEYS[1], entries[i])
  else
    open[#open + 1] = entries[i]
    open[#open + 1] = entries[i + 1]
  end
end
return open
`;
