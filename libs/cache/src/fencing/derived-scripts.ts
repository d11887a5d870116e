import type { Result } from 'ioredis';
import type { RedisClient } from '../connection/redis-client.factory';

/** The fields of a derived value's hash (the scripts here and DerivedCache's lookup read them). */
export const DERIVED_FIELDS = {
  /** Bumped by every fill, refusal and invalidation: a fill that read another generation is refused. */
  generation: 'g',
  /** The value's JSON. */
  data: 'd',
  /** `,id,id,`: the entities the value holds. */
  members: 'm',
  /** How many changes were recorded while no value was cached. */
  changeCount: 's',
  /** `,id:seq,`: those changes. */
  changes: 'c',
} as const;

/**
 * Fill of a derived value. The hash holds g (generation), d (data), m (",id,id," members), s (a counter of changes
 * recorded while no value was cached) and c (",id:seq," those changes). ARGV = generation and change counter read
 * before computing, data, members, ttl ms. Refused (0) when an invalidation bumped the generation meanwhile, or
 * when one of its members changed after it read them (a change in c newer than its counter): it may hold that
 * entity as it was. Any fill or refusal bumps the generation and forgets the changes, so a compute that began
 * earlier can no longer fill, and the next one (which reads everything anew) can.
 */
export const DERIVED_SET_LUA = `
local g = tonumber(redis.call('HGET', KEYS[1], '${DERIVED_FIELDS.generation}') or '0')
if g ~= tonumber(ARGV[1]) then return 0 end
local since = tonumber(ARGV[2])
local changed = redis.call('HGET', KEYS[1], '${DERIVED_FIELDS.changes}')
redis.call('HINCRBY', KEYS[1], '${DERIVED_FIELDS.generation}', 1)
redis.call('HDEL', KEYS[1], '${DERIVED_FIELDS.changes}')
if changed then
  for id, seq in string.gmatch(changed, '(%d+):(%d+)') do
    if tonumber(seq) > since and string.find(ARGV[4], ',' .. id .. ',', 1, true) then return 0 end
  end
end
redis.call('HSET', KEYS[1], '${DERIVED_FIELDS.data}', ARGV[3], '${DERIVED_FIELDS.members}', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`;

/**
 * Invalidation of a derived value. ARGV[1] = the id of the entity that changed ('' = drop whatever is cached),
 * ARGV[2] = ms the generation is kept. Returns 1 when it invalidated or recorded the change.
 * - A cached value that contains the id (or any, without an id) is dropped and the generation bumped.
 * - A cached value that does not contain it is kept.
 * - With no value cached, a recompute may be in flight: the change is recorded (id and sequence number), and that
 *   fill is refused if the id is among its members (see DERIVED_SET_LUA). Past MAX_CHANGED characters of changes
 *   the generation is bumped instead, which refuses every fill in flight.
 */
export const DERIVED_INVALIDATE_LUA = `
local MAX_CHANGED = 4096
if ARGV[1] ~= '' then
  local m = redis.call('HGET', KEYS[1], '${DERIVED_FIELDS.members}')
  if m and not string.find(m, ',' .. ARGV[1] .. ',', 1, true) then return 0 end
  if not m then
    local changed = redis.call('HGET', KEYS[1], '${DERIVED_FIELDS.changes}') or ','
    if #changed < MAX_CHANGED then
      local seq = redis.call('HINCRBY', KEYS[1], '${DERIVED_FIELDS.changeCount}', 1)
      redis.call('HSET', KEYS[1], '${DERIVED_FIELDS.changes}', changed .. ARGV[1] .. ':' .. seq .. ',')
      redis.call('PEXPIRE', KEYS[1], ARGV[2])
      return 1
    end
    redis.call('HDEL', KEYS[1], '${DERIVED_FIELDS.changes}')
  end
end
redis.call('HINCRBY', KEYS[1], '${DERIVED_FIELDS.generation}', 1)
redis.call('HDEL', KEYS[1], '${DERIVED_FIELDS.data}', '${DERIVED_FIELDS.members}')
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    /** See DERIVED_SET_LUA. */
    fcDerivedSet(
      key: string,
      generation: number,
      changesSeen: number,
      data: string,
      members: string,
      ttlMs: number,
    ): Result<number, Context>;
    /** See DERIVED_INVALIDATE_LUA. */
    fcDerivedInvalidate(key: string, memberId: string, keepMs: number): Result<number, Context>;
  }
}

/** Registers the derived-value scripts on a client. */
export function defineDerivedScripts(client: RedisClient): void {
  client.defineCommand('fcDerivedSet', { numberOfKeys: 1, lua: DERIVED_SET_LUA });
  client.defineCommand('fcDerivedInvalidate', { numberOfKeys: 1, lua: DERIVED_INVALIDATE_LUA });
}
