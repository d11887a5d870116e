import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { withTimeout } from '@fleetcache/core';
import { REDIS_CLIENT } from '../cache.constants';
import { isCluster, type RedisClient } from '../connection/redis-client.factory';

/**
 * Terminus indicator for Redis. With `required: false` (the default for readiness, since the services fail open)
 * an unreachable Redis is reported in the details but does not make the instance unready.
 */
@Injectable()
export class CacheHealthIndicator {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    private readonly health: HealthIndicatorService,
  ) {}

  /** Pings Redis (on a cluster: also checks `cluster_state:ok`) within `timeoutMs`. */
  async check(key = 'redis', required = false, timeoutMs = 500): Promise<HealthIndicatorResult> {
    const session = this.health.check(key);
    const mode = isCluster(this.redis) ? 'cluster' : 'single';
    try {
      await withTimeout(this.probe(), timeoutMs, 'redis health probe');
      return session.up({ mode, connection: this.redis.status });
    } catch (error) {
      const details = { mode, connection: this.redis.status, error: String(error), failOpen: !required };
      return required ? session.down(details) : session.up({ ...details, degraded: true });
    }
  }

  private async probe(): Promise<void> {
    if (!isCluster(this.redis)) {
      await this.redis.ping();
      return;
    }
    const info = String(await this.redis.cluster('INFO'));
    if (!info.includes('cluster_state:ok')) throw new Error('cluster_state is not ok');
  }
}
