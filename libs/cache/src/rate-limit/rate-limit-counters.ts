import { Inject, Injectable } from '@nestjs/common';
import { REDIS_CLIENT } from '../cache.constants';
import type { RedisClient } from '../connection/redis-client.factory';
import { RedisGuard } from '../guard/redis-guard';
import { CacheKeys } from '../keys/cache-keys';

/** Hits of one client in the current window of one limit, and when that window ends. */
export interface WindowCount {
  hits: number;
  msToReset: number;
}

/**
 * Fixed-window request counters in Redis Cluster, shared by every instance: the limit holds across the fleet.
 * Fail-open like every cache call: while Redis cannot answer, a hit counts as 0 and nothing is limited.
 */
@Injectable()
export class RateLimitCounters {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    private readonly keys: CacheKeys,
    private readonly guard: RedisGuard,
  ) {}

  /** Counts one hit of `client` against the limit `limit` whose window is `windowMs`. */
  async hit(limit: string, client: string, windowMs: number): Promise<WindowCount> {
    const key = this.keys.rateLimit(limit, client);
    const [hits, msToReset] = await this.guard.run(
      'rate-limit',
      () => this.redis.fcRateLimitHit(key, windowMs),
      [0, windowMs] as [number, number],
      key,
    );
    return { hits, msToReset };
  }
}
