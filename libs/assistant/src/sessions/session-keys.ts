import { CacheKeys, DEFAULT_KEY_PREFIX } from '@fleetcache/cache';

/**
 * Builds the Redis keys of HTTP sessions with the cache's prefix and schema convention. Each key has a hash tag of
 * its own (`{sess:<id>}`, `{sess-user:<userId>}`), so every command names one key in one slot: a session and its
 * user's index usually live on different nodes and are never written by one multi-key command.
 */
export class SessionKeys {
  private readonly keys: CacheKeys;

  constructor(prefix: string = DEFAULT_KEY_PREFIX) {
    this.keys = new CacheKeys(prefix);
  }

  /** Key of one session's JSON: `fc:v2:{sess:<sessionId>}`. */
  session(sessionId: string): string {
    return this.keys.entity('sess', sessionId);
  }

  /** Key of the set of a user's session ids: `fc:v2:{sess-user:<userId>}`. */
  userSessions(userId: string): string {
    return this.keys.entity('sess-user', userId);
  }
}
