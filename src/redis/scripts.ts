import { Script } from './client.js';

/*
 * The Lua scripts: each runs atomically in Redis, so no two processes can both see a queue as free, or both take
 * the last request of a second. Times named "server" are the API server's clock (epoch ms), as each process
 * estimates it; the request budget uses Redis's own clock (TIME), one clock for the whole fleet.
 */

/** How long a schedule outlives its next permitted time: long enough for any process to read it, then it goes. */
export const SCHEDULE_TTL_MS = 3_600_000;

/** How long after its response a request still counts against the budget: a second and a margin for jitter. */
export const WINDOW_MS = 1_100;

/**
 * Lua: take one place in an organisation's budget (see TAKE), returning 0 when taken, else the ms to wait.
 * `slots`: a sorted set, member → the time (Redis's clock) at which it frees; `known`: the budget's marker.
 */
const TAKE_FUNCTION = `
local function take(slots, known, limit, hold, member)
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  local since = redis.call('GET', known)
  if not since then
    redis.call('SET', known, tostring(now + ${WINDOW_MS}), 'PX', 86400000)
    return ${WINDOW_MS}
  end
  redis.call('PEXPIRE', known, 86400000)
  if tonumber(since) > now then return tonumber(since) - now end
  redis.call('ZREMRANGEBYSCORE', slots, '-inf', now)
  if redis.call('ZCARD', slots) < limit then
    redis.call('ZADD', slots, now + hold, member)
    redis.call('PEXPIRE', slots, hold + ${WINDOW_MS})
    return 0
  end
  local first = redis.call('ZRANGE', slots, 0, 0, 'WITHSCORES')
  -- A slot still in flight may be freed any moment: ask again soon rather than at its hold's end.
  return math.max(1, math.min(tonumber(first[2]) - now, 100))
end
`;

/**
 * Claim a queue. KEYS: next-permitted, lease, and the organisation's budget (slots, marker). ARGV: serverNow,
 * leaseMs, token, the next permitted time this process knows of (written back when larger: Redis may have lost it
 * in a restart), and the budget's limit (0: none), in-flight hold and a member.
 * Returns {0, next} when not yet permitted, {1, next, leaseTtlMs} when another poll is in flight, {2, next, taken}
 * when claimed, `taken` 1 when a place in the budget was taken for the poll in the same step (saving the poll's
 * own round trip to Redis for it), else 0.
 */
export const CLAIM = new Script(`${TAKE_FUNCTION}
local now = tonumber(ARGV[1])
local next = tonumber(redis.call('GET', KEYS[1]) or '0')
local known = tonumber(ARGV[4])
if known > next then
  next = known
  redis.call('SET', KEYS[1], ARGV[4], 'PX', math.max(next - now, 0) + ${SCHEDULE_TTL_MS})
end
if next > now then return {0, next} end
local ttl = redis.call('PTTL', KEYS[2])
if ttl > 0 then return {1, next, ttl} end
redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[2])
local limit = tonumber(ARGV[5])
if limit > 0 and take(KEYS[3], KEYS[4], limit, tonumber(ARGV[6]), ARGV[7]) == 0 then return {2, next, 1} end
return {2, next, 0}
`);

/**
 * Release a claim. KEYS: next-permitted, lease. ARGV: next permitted time, token. The schedule only moves forward
 * (the API's never moves back), so a holder whose lease ran out cannot undo a later poll's time; the lease is
 * deleted only if it is still this claim's.
 */
export const RELEASE = new Script(`
local n = tonumber(ARGV[1])
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
if n > cur then
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000
  redis.call('SET', KEYS[1], ARGV[1], 'PX', math.max(n - now, 0) + ${SCHEDULE_TTL_MS})
end
if redis.call('GET', KEYS[2]) == ARGV[2] then redis.call('DEL', KEYS[2]) end
return 1
`);

/** Extend a lease still held by this claim. KEYS: lease. ARGV: token, leaseMs. */
export const RENEW = new Script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`);

/** Read a queue's next permitted time. KEYS: next-permitted. Returns -1 when none is recorded. */
export const READ = new Script(`
return tonumber(redis.call('GET', KEYS[1]) or '-1')
`);

/**
 * Take one request from the organisation's budget. KEYS: the budget's slots (sorted set: member → the time, on
 * Redis's clock, at which it frees), its "known since" marker. ARGV: limit, in-flight hold (ms), a unique member.
 * Returns 0 when taken, else the milliseconds to wait before asking again.
 *
 * A slot taken is held for `hold` (a request still in flight), until DONE frees it a second after its response:
 * the server counts a request between its start and its response, so no second of the server's can hold more
 * requests than there are slots. Without the marker, Redis does not know what was sent lately (first use, or
 * data lost in a restart): the budget then counts as full for one window, so a fleet never doubles its rate
 * around a Redis restart.
 */
export const TAKE = new Script(`${TAKE_FUNCTION}
return take(KEYS[1], KEYS[2], tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3])
`);

/** A request's response has arrived: its slot frees one window from now. KEYS: slots. ARGV: member. */
export const DONE = new Script(`
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now + ${WINDOW_MS}, ARGV[1])
if redis.call('PTTL', KEYS[1]) < ${WINDOW_MS} then redis.call('PEXPIRE', KEYS[1], ${WINDOW_MS}) end
return 1
`);
