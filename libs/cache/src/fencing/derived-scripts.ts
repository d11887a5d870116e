import type { Result } from 'ioredis';
import type { RedisClient } from '../connection/redis-client.factory';

/**
 * Fill of a derived value (hash {g: generation, d: data, m: ",id,id,"}); ARGV = generation read before computing,
 * data, members, ttl ms. Refused (0) when an invalidation bumped the generation meanwhile.
 */
export const DERIVED_SET_LUA = `
local g = tonumber(redis.call('HGET', KEYS[1], 'g') or '0')
if g ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'g', g, 'd', ARGV[2], 'm', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
`;

/**
 * Invalidation of a derived value: bumps the generation and drops the data. With ARGV[1] = an id, it skips a value
 * that is cached and does not contain that id; when no value is cached it always bumps, because that is exactly
 * when a recompute may be in flight (its fill, which may hold the entity as it was, is then refused).
 * ARGV[2] = ms the generation is kept. Returns 1 when it invalidated.
 */
export const DERIVED_INVALIDATE_LUA = `
if ARGV[1] ~= '' then
  local m = redis.call('HGET', KEYS[1], 'm')
  if m and not string.find(m, ',' .. ARGV[1] .. ',', 1, true) then return 0 end
end
redis.call('HINCRBY', KEYS[1], 'g', 1)
redis.call('HDEL', KEYS[1], 'd', 'm')
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    /** See DERIVED_SET_LUA. */
    fcDerivedSet(
      key: string,
      generation: number,
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
