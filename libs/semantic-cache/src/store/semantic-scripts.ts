import type { Result } from 'ioredis';
import type { RedisClient } from '@fleetcache/cache';

/**
 * Stores an entry and keeps its partition within its bound. KEYS[1] = the entry, KEYS[2] = the partition's recency
 * set, KEYS[3] = the partition's leases (one hash tag: one slot); ARGV = entry id, doc, vector, ttl ms, now ms, max
 * entries, the entry key prefix, lease token. Evicts the least recently hit entries over the bound (their keys are
 * built from the prefix: same hash tag, same slot as KEYS[1]), releases the lease the writer held, and returns the ids
 * evicted.
 */
const STORE_LUA = `
redis.call('HSET', KEYS[1], 'doc', ARGV[2], 'vec', ARGV[3], 'hits', 0, 'lastHit', ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('ZADD', KEYS[2], ARGV[5], ARGV[1])
if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[4]) then redis.call('PEXPIRE', KEYS[2], ARGV[4]) end
local evicted = {}
local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[6])
if over > 0 then
  local popped = redis.call('ZPOPMIN', KEYS[2], over)
  for i = 1, #popped, 2 do
    redis.call('DEL', ARGV[7] .. popped[i])
    evicted[#evicted + 1] = popped[i]
  end
end
local lease = redis.call('HGET', KEYS[3], ARGV[1])
if lease and string.find(lease, '|' .. ARGV[8] .. '|', 1, true) then redis.call('HDEL', KEYS[3], ARGV[1]) end
return evicted
`;

/** Counts a hit: KEYS[1] = entry, KEYS[2] = recency; ARGV = entry id, now ms. 0 when the entry is gone. */
const TOUCH_LUA = `
if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('ZREM', KEYS[2], ARGV[1]) return 0 end
redis.call('HINCRBY', KEYS[1], 'hits', 1)
redis.call('HSET', KEYS[1], 'lastHit', ARGV[2])
redis.call('ZADD', KEYS[2], 'XX', ARGV[2], ARGV[1])
return 1
`;

/** Deletes an entry: KEYS[1] = entry, KEYS[2] = recency; ARGV = entry id. 1 when it existed. */
const DELETE_LUA = `
redis.call('ZREM', KEYS[2], ARGV[1])
return redis.call('DEL', KEYS[1])
`;

/**
 * One model call per prompt cluster, fleet-wide. KEYS[1] = the entry of this prompt, KEYS[2] = the partition's
 * leases; ARGV = entry id, token, int8 vector, signature, threshold, now ms, lease ttl ms. Each lease is stored as
 * `expiresAt|token|signature|vector`. Returns {'filled', id} when the entry exists (an exact twin was answered),
 * {'wait', id} when a live lease has the same signature and a vector at least `threshold` similar (its holder's
 * answer will serve this prompt too), else takes a lease for this prompt and returns {'lead', id}. Expired leases
 * are dropped on the way.
 */
const CLAIM_LUA = `
if redis.call('EXISTS', KEYS[1]) == 1 then return {'filled', ARGV[1]} end
local now = tonumber(ARGV[6])
local mine = ARGV[3]
local n = #mine
local bestId, best = nil, -2
local all = redis.call('HGETALL', KEYS[2])
for i = 1, #all, 2 do
  local id, lease = all[i], all[i + 1]
  local a = string.find(lease, '|', 1, true)
  local b = string.find(lease, '|', a + 1, true)
  local c = string.find(lease, '|', b + 1, true)
  local expires = tonumber(string.sub(lease, 1, a - 1))
  local token = string.sub(lease, a + 1, b - 1)
  local signature = string.sub(lease, b + 1, c - 1)
  local vector = string.sub(lease, c + 1)
  if expires < now then
    redis.call('HDEL', KEYS[2], id)
  elseif id == ARGV[1] then
    if token == ARGV[2] then return {'lead', id} end
    return {'wait', id}
  elseif signature == ARGV[4] and #vector == n then
    local dot = 0
    for j = 1, n do
      local x, y = string.byte(vector, j), string.byte(mine, j)
      if x > 127 then x = x - 256 end
      if y > 127 then y = y - 256 end
      dot = dot + x * y
    end
    dot = dot / 16129
    if dot > best then best, bestId = dot, id end
  end
end
if bestId and best >= tonumber(ARGV[5]) then return {'wait', bestId} end
redis.call('HSET', KEYS[2], ARGV[1], (now + tonumber(ARGV[7])) .. '|' .. ARGV[2] .. '|' .. ARGV[4] .. '|' .. mine)
if redis.call('PTTL', KEYS[2]) < 4 * tonumber(ARGV[7]) then redis.call('PEXPIRE', KEYS[2], 4 * tonumber(ARGV[7])) end
return {'lead', ARGV[1]}
`;

/**
 * Extends (ARGV[3] = new expiry ms) or, with ARGV[3] = 0, releases the lease of entry ARGV[1] if ARGV[2] still holds
 * it. KEYS[1] = the partition's leases; ARGV[4] = the lease ttl ms (the hash lives at least 4 of them past a
 * renewal, so a model call longer than the hash's first lifetime keeps its lease). 1 when held.
 */
const LEASE_UPDATE_LUA = `
local lease = redis.call('HGET', KEYS[1], ARGV[1])
if not lease then return 0 end
local a = string.find(lease, '|', 1, true)
local b = string.find(lease, '|', a + 1, true)
if string.sub(lease, a + 1, b - 1) ~= ARGV[2] then return 0 end
if ARGV[3] == '0' then redis.call('HDEL', KEYS[1], ARGV[1]) return 1 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3] .. string.sub(lease, a))
local keep = 4 * tonumber(ARGV[4])
if redis.call('PTTL', KEYS[1]) < keep then redis.call('PEXPIRE', KEYS[1], keep) end
return 1
`;

/**
 * What a waiter sees of the entry it waits for: KEYS[1] = the entry, KEYS[2] = leases; ARGV = entry id, now ms.
 * Returns {doc, vector} once filled, {'pending'} while its lease lives, {'gone'} when the holder gave up, or died and
 * its lease expired (the expired lease is dropped, so the next claim can lead).
 */
const POLL_LUA = `
local filled = redis.call('HMGET', KEYS[1], 'doc', 'vec')
if filled[1] then return filled end
local lease = redis.call('HGET', KEYS[2], ARGV[1])
if not lease then return {'gone'} end
local a = string.find(lease, '|', 1, true)
if tonumber(string.sub(lease, 1, a - 1)) < tonumber(ARGV[2]) then
  redis.call('HDEL', KEYS[2], ARGV[1])
  return {'gone'}
end
return {'pending'}
`;

/**
 * Takes the members of a tag and moves its generation on, in one step: KEYS[1] = the tag's set, KEYS[2] = its
 * generation (same hash tag); ARGV = how long the generation is kept, ms. A model call that read the generation
 * before it started sees it moved and does not keep an answer made from the old record.
 */
const TAKE_TAG_LUA = `
local members = redis.call('SMEMBERS', KEYS[1])
redis.call('DEL', KEYS[1])
redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
return members
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    fcSemStore(
      entry: string,
      recency: string,
      leases: string,
      ...args: (string | number | Buffer)[]
    ): Result<string[], Context>;
    fcSemTouch(entry: string, recency: string, entryId: string, now: string): Result<number, Context>;
    fcSemDelete(entry: string, recency: string, entryId: string): Result<number, Context>;
    fcSemClaim(
      entry: string,
      leases: string,
      ...args: (string | number | Buffer)[]
    ): Result<string[], Context>;
    fcSemLeaseUpdate(
      leases: string,
      entryId: string,
      token: string,
      expiresAt: string,
      leaseTtlMs: string,
    ): Result<number, Context>;
    fcSemPoll(
      entry: string,
      leases: string,
      entryId: string,
      now: string,
    ): Result<(string | null)[], Context>;
    fcSemTakeTag(tag: string, generation: string, keepMs: string): Result<string[], Context>;
  }
}

/** Registers the semantic cache's scripts on a client (idempotent). */
export function defineSemanticScripts(client: RedisClient): void {
  if (typeof (client as { fcSemStore?: unknown }).fcSemStore === 'function') return;
  client.defineCommand('fcSemStore', { numberOfKeys: 3, lua: STORE_LUA });
  client.defineCommand('fcSemTouch', { numberOfKeys: 2, lua: TOUCH_LUA });
  client.defineCommand('fcSemDelete', { numberOfKeys: 2, lua: DELETE_LUA });
  client.defineCommand('fcSemClaim', { numberOfKeys: 2, lua: CLAIM_LUA });
  client.defineCommand('fcSemLeaseUpdate', { numberOfKeys: 1, lua: LEASE_UPDATE_LUA });
  client.defineCommand('fcSemPoll', { numberOfKeys: 2, lua: POLL_LUA });
  client.defineCommand('fcSemTakeTag', { numberOfKeys: 2, lua: TAKE_TAG_LUA });
}
