import type { ThrottlerStorage } from '@nestjs/throttler';
import { RateLimitCounters } from '@fleetcache/cache';

/** What @nestjs/throttler asks its storage for (its ThrottlerStorageRecord). */
interface ThrottlerRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/**
 * @nestjs/throttler's storage on fleetcache's Redis Cluster counters: a fixed window per client and limit, one
 * single-key script per hit (cluster-safe), fail-open through the cache's guard. A client over the limit stays
 * blocked until its window ends. Times are in seconds, as the throttler expects.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly counters: RateLimitCounters) {}

  async increment(
    key: string,
    ttlMs: number,
    limit: number,
    _blockDurationMs: number,
    throttlerName: string,
  ): Promise<ThrottlerRecord> {
    const { hits, msToReset } = await this.counters.hit(throttlerName, key, ttlMs);
    const secondsToReset = Math.max(1, Math.ceil(msToReset / 1000));
    return {
      totalHits: hits,
      timeToExpire: secondsToReset,
      isBlocked: hits > limit,
      timeToBlockExpire: hits > limit ? secondsToReset : 0,
    };
  }
}
