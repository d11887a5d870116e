import type { Result } from 'ioredis';
import type { RedisClient } from '../connection/redis-client.factory';

/**
 * Atomic fenced write of one entity (invariant I2). The key holds one string, `<version>:<staleAt>:<json>` (decoded
 * by `decodeEntry`); empty JSON is a tombstone. KEYS[1] = entity key, KEYS[2] = the same entity's key under the
 * previous schema version (or KEYS[1] again when there is none); ARGV = version, data, ttl ms and, optionally, the
 * epoch ms after which the value is stale (stale-while-revalidate).
 * Refuses (returns 0) when the stored version — of a value or a tombstone — is newer, or equal: an equal version is
 * the same data, so it only renews a value's freshness and lifetime (a revalidation). Returns 1 when written.
 * Every write deletes the previous schema's key: during a rolling upgrade, instances of the previous release then
 * miss and reload instead of serving what this write replaced. A value of another type (a previous release's hash
 * under a reused schema version) counts as absent and is replaced.
 */
export const FENCED_SET_LUA = `
local current, stored_stale, stored_data = -1, '0', ''
local stored = redis.pcall('GET', KEYS[1])
if type(stored) == 'string' then
  local a = string.find(stored, ':', 1, true)
  local b = a and string.find(stored, ':', a + 1, true)
  if b then
    current = tonumber(string.sub(stored, 1, a - 1)) or -1
    stored_stale = string.sub(stored, a + 1, b - 1)
    stored_data = string.sub(stored, b + 1)
  end
end
if KEYS[2] ~= KEYS[1] then redis.call('DEL', KEYS[2]) end
local version = tonumber(ARGV[1])
local stale_at = ARGV[4] or '0'
if current > version then return 0 end
if current == version then
  if ARGV[2] ~= '' and stored_data ~= '' then
    if stale_at == '0' then stale_at = stored_stale end
    redis.call('SET', KEYS[1], ARGV[1] .. ':' .. stale_at .. ':' .. stored_data, 'PX', ARGV[3])
  end
  return 0
end
redis.call('SET', KEYS[1], ARGV[1] .. ':' .. stale_at .. ':' .. ARGV[2], 'PX', ARGV[3])
return 1
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    /** Fenced set of an entity; see FENCED_SET_LUA. */
    fcFencedSet(
      key: string,
      previousSchemaKey: string,
      version: number,
      data: string,
      ttlMs: number,
      staleAt?: number,
    ): Result<number, Context>;
  }
}

/** Registers the fencing scripts on a client (EVALSHA with EVAL fallback, also inside pipelines). */
export function defineFencedScripts(client: RedisClient): void {
  client.defineCommand('fcFencedSet', { numberOfKeys: 2, lua: FENCED_SET_LUA });
}
