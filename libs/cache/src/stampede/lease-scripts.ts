import type { Result } from 'ioredis';
import type { RedisClient } from '../connection/redis-client.factory';

/** Releases a lease only if the caller still holds it (its token), so a late holder never frees another's lease. */
export const LEASE_RELEASE_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    /** See LEASE_RELEASE_LUA. */
    fcLeaseRelease(key: string, token: string): Result<number, Context>;
  }
}

/** Registers the lease scripts on a client. */
export function defineLeaseScripts(client: RedisClient): void {
  client.defineCommand('fcLeaseRelease', { numberOfKeys: 1, lua: LEASE_RELEASE_LUA });
}
