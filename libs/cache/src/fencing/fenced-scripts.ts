import type { Result } from 'ioredis';
import type { RedisClient } from '../connection/redis-client.factory';

/**
 * Atomic fenced write of one entity hash (invariant I2). KEYS[1] = entity key; ARGV = version, data, ttl ms.
 * Empty data writes a tombstone (version only). Refuses (returns 0) when the stored version — of a value or a
 * tombstone — is equal or newer; returns 1 when written.
 */
export const FENCED_SET_LUA = `
local current = redis.call('HGET', KEYS[1], 'v')
if current and tonumber(current) >= tonumber(ARGV[1]) then return 0 end
if ARGV[2] == '' then
  redis.call('HDEL', KEYS[1], 'd')
  redis.call('HSET', KEYS[1], 'v', ARGV[1])
else
  redis.call('HSET', KEYS[1], 'v', ARGV[1], 'd', ARGV[2])
end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    /** Fenced set of an entity hash; see FENCED_SET_LUA. */
    fcFencedSet(key: string, version: number, data: string, ttlMs: number): Result<number, Context>;
  }
}

/** Registers the fencing scripts on a client (EVALSHA with EVAL fallback, also inside pipelines). */
export function defineFencedScripts(client: RedisClient): void {
  client.defineCommand('fcFencedSet', { numberOfKeys: 1, lua: FENCED_SET_LUA });
}
