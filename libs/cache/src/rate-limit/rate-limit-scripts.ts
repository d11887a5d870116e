import type { Result } from 'ioredis';
import type { RedisClient } from '../connection/redis-client.factory';

/**
 * One hit on a fixed-window counter: KEYS[1] = the counter, ARGV[1] = the window, ms. Increments, starts the window
 * on the first hit, and returns { hits in this window, ms until it ends }. One key: cluster-safe.
 */
export const RATE_LIMIT_HIT_LUA = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return { hits, ttl }
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    /** See RATE_LIMIT_HIT_LUA. */
    fcRateLimitHit(counter: string, windowMs: number): Result<[number, number], Context>;
  }
}

/** Registers the rate-limit script on a client. */
export function defineRateLimitScripts(client: RedisClient): void {
  client.defineCommand('fcRateLimitHit', { numberOfKeys: 1, lua: RATE_LIMIT_HIT_LUA });
}
