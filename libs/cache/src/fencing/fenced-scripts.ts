import type { Result } from 'ioredis';
import type { RedisClient } from '../connection/redis-client.factory';

/**
 * Atomic fenced write of one entity hash (invariant I2). KEYS[1] = entity key; ARGV = version, data, ttl ms and,
 * optionally, the epoch ms after which the value is stale (stale-while-revalidate). Empty data writes a tombstone.
 * Refuses (returns 0) when the stored version — of a value or a tombstone — is newer, or equal: an equal version is
 * the same data, so it only renews a value's freshness and lifetime (a revalidation). Returns 1 when written.
 */
export const FENCED_SET_LUA = `
local current = tonumber(redis.call('HGET', KEYS[1], 'v') or '-1')
local version = tonumber(ARGV[1])
local stale_at = ARGV[4] or '0'
if current > version then return 0 end
if current == version then
  if ARGV[2] ~= '' and redis.call('HEXISTS', KEYS[1], 'd') == 1 then
    if stale_at ~= '0' then redis.call('HSET', KEYS[1], 's', stale_at) end
    redis.call('PEXPIRE', KEYS[1], ARGV[3])
  end
  return 0
end
if ARGV[2] == '' then
  redis.call('HDEL', KEYS[1], 'd', 's')
  redis.call('HSET', KEYS[1], 'v', ARGV[1])
else
  redis.call('HSET', KEYS[1], 'v', ARGV[1], 'd', ARGV[2])
  if stale_at ~= '0' then redis.call('HSET', KEYS[1], 's', stale_at) else redis.call('HDEL', KEYS[1], 's') end
end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    /** Fenced set of an entity hash; see FENCED_SET_LUA. */
    fcFencedSet(
      key: string,
      version: number,
      data: string,
      ttlMs: number,
      staleAt?: number,
    ): Result<number, Context>;
  }
}

/** Registers the fencing scripts on a client (EVALSHA with EVAL fallback, also inside pipelines). */
export function defineFencedScripts(client: RedisClient): void {
  client.defineCommand('fcFencedSet', { numberOfKeys: 1, lua: FENCED_SET_LUA });
}
