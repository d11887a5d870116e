import type { Result } from 'ioredis';
import type { RedisClient } from '../connection/redis-client.factory';

/**
 * Takes the lease of a key unless the key already has a value. KEYS[1] = the entity key, KEYS[2] = its lease key
 * (same hash tag, same slot); ARGV = token, lease ttl ms. Returns the stored value when there is one (a caller that
 * missed just before another's fill reads it instead of loading again), 1 when the lease was taken (or is already
 * held with this token: a retry after a reply that timed out), 0 when someone else holds it. Checking and taking in
 * one script is what makes "one load per cold key" exact.
 */
export const LEASE_ACQUIRE_LUA = `
local stored = redis.pcall('GET', KEYS[1])
if type(stored) == 'string' then return stored end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
if redis.call('GET', KEYS[2]) == ARGV[1] then return 1 end
return 0
`;

/** Extends a lease only if the caller still holds it (a load that outlives the lease ttl keeps it). */
export const LEASE_RENEW_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

/** Releases a lease only if the caller still holds it (its token), so a late holder never frees another's lease. */
export const LEASE_RELEASE_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    /** See LEASE_ACQUIRE_LUA (the stored value comes back as a Buffer). */
    fcLeaseAcquireBuffer(
      key: string,
      leaseKey: string,
      token: string,
      ttlMs: number,
    ): Result<Buffer | number, Context>;
    /** See LEASE_RENEW_LUA. */
    fcLeaseRenew(leaseKey: string, token: string, ttlMs: number): Result<number, Context>;
    /** See LEASE_RELEASE_LUA. */
    fcLeaseRelease(key: string, token: string): Result<number, Context>;
  }
}

/** Registers the lease scripts on a client. */
export function defineLeaseScripts(client: RedisClient): void {
  client.defineCommand('fcLeaseAcquire', { numberOfKeys: 2, lua: LEASE_ACQUIRE_LUA });
  client.defineCommand('fcLeaseRenew', { numberOfKeys: 1, lua: LEASE_RENEW_LUA });
  client.defineCommand('fcLeaseRelease', { numberOfKeys: 1, lua: LEASE_RELEASE_LUA });
}
