import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { withTimeout } from '@fleetcache/core';
import { REDIS_CLIENT } from '../cache.constants';
import { isCluster, type RedisClient } from '../connection/redis-client.factory';
import { CACHE_ENGINE, type CacheEngine } from '../engine/cache-engine';

/**
 * Terminus indicators for Redis and, with the Memcached engine, for the Memcached nodes. With `required: false`
 * (the default for readiness, since the services fail open) an unreachable Redis is reported in the details but
 * does not make the instance unready; Memcached nodes never do (a node lost is a miss for its keys).
 */
@Injectable()
export class CacheHealthIndicator {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    @Inject(CACHE_ENGINE) private readonly engine: CacheEngine,
    private readonly health: HealthIndicatorService,
  ) {}

  /** The engine entities are cached on (`redis` or `memcached`). */
  get entityEngine(): string {
    return this.engine.name;
  }

  /** Memcached engine: which nodes answer a no-op within `timeoutMs` (some down, or none known: up, `degraded`). */
  async checkMemcached(key = 'memcached', timeoutMs = 500): Promise<HealthIndicatorResult> {
    const session = this.health.check(key);
    if (!this.engine.probe) return session.up({ engine: this.engine.name });
    const { nodes, down } = await this.engine.probe(timeoutMs);
    const degraded = nodes.length === 0 || down.length > 0; // no nodes known yet: every read is a miss
    return session.up({ nodes, down, ...(degraded ? { degraded: true, failOpen: true } : {}) });
  }

  /** Pings Redis (on a cluster: also checks `cluster_state:ok`) within `timeoutMs`. */
  async check(key = 'redis', required = false, timeoutMs = 500): Promise<HealthIndicatorResult> {
    const session = this.health.check(key);
    const mode = isCluster(this.redis) ? 'cluster' : 'single';
    try {
      await withTimeout(this.probe(), timeoutMs, 'redis health probe');
      return session.up({ mode, connection: this.redis.status, entityEngine: this.engine.name });
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
