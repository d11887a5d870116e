import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { REDIS_CLIENT } from './cache.constants';
import { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN } from './cache.module-definition';
import type { CacheModuleOptions } from './cache.options';
import { createRedisClient, type RedisClient } from './connection/redis-client.factory';
import { RedisConnection } from './connection/redis-connection';
import { DirectReader } from './direct/direct-reader';
import { DerivedCache } from './derived/derived-cache.service';
import { EntityCache } from './entity-cache.service';
import { defineDerivedScripts } from './fencing/derived-scripts';
import { defineFencedScripts } from './fencing/fenced-scripts';
import { defineLeaseScripts } from './stampede/lease-scripts';
import { defineRankingScripts } from './ranking/ranking-scripts';
import { CacheKeys } from './keys/cache-keys';
import { Rankings } from './ranking/rankings.service';
import { TtlPolicy } from './ttl/ttl-policy';
import { NearCache } from './near/near-cache';
import { RedisGuard } from './guard/redis-guard';
import { CacheHealthIndicator } from './health/cache-health.indicator';
import { CacheMetrics } from './metrics/cache-metrics';
import { RateLimitCounters } from './rate-limit/rate-limit-counters';
import { defineRateLimitScripts } from './rate-limit/rate-limit-scripts';
import { CACHE_ENGINE, type CacheEngine } from './engine/cache-engine';
import { createMemcachedEngine } from './engine/memcached/create-memcached-engine';
import { RedisEngine } from './engine/redis/redis-engine';

/**
 * The shared caching module. `CacheModule.forRoot({ redis: {...} })` or `forRootAsync({ useFactory, inject })`;
 * `isGlobal: true` makes {@link EntityCache} injectable everywhere. Entities are cached on the engine `engine`
 * selects (CACHE_ENGINE); the Redis client is always there, for what only Redis offers.
 */
@Module({
  imports: [TerminusModule],
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [MODULE_OPTIONS_TOKEN],
      useFactory: (options: CacheModuleOptions) => {
        const client = createRedisClient(options.redis);
        defineFencedScripts(client);
        defineDerivedScripts(client);
        defineLeaseScripts(client);
        defineRankingScripts(client);
        defineRateLimitScripts(client);
        return client;
      },
    },
    {
      provide: TtlPolicy,
      inject: [MODULE_OPTIONS_TOKEN],
      useFactory: (options: CacheModuleOptions) =>
        new TtlPolicy(options.ttlSeconds, options.ttlJitter ?? 0.1, Math.random, options.staleAfterSeconds),
    },
    {
      provide: NearCache,
      inject: [MODULE_OPTIONS_TOKEN],
      useFactory: (options: CacheModuleOptions) => new NearCache(options.nearCache ?? {}),
    },
    {
      provide: CacheKeys,
      inject: [MODULE_OPTIONS_TOKEN],
      useFactory: (options: CacheModuleOptions) => new CacheKeys(options.keyPrefix, options.schemaVersion),
    },
    {
      provide: DirectReader,
      inject: [REDIS_CLIENT, MODULE_OPTIONS_TOKEN, CacheMetrics],
      useFactory: (client: RedisClient, options: CacheModuleOptions, metrics: CacheMetrics) =>
        new DirectReader(client, options.redis, metrics),
    },
    {
      provide: CACHE_ENGINE,
      inject: [MODULE_OPTIONS_TOKEN, REDIS_CLIENT, DirectReader, RedisGuard, CacheMetrics],
      useFactory: (
        options: CacheModuleOptions,
        client: RedisClient,
        reader: DirectReader,
        guard: RedisGuard,
        metrics: CacheMetrics,
      ): Promise<CacheEngine> | CacheEngine =>
        options.engine === 'memcached'
          ? createMemcachedEngine(options, metrics)
          : new RedisEngine(client, reader, guard, metrics),
    },
    RedisConnection,
    RedisGuard,
    CacheMetrics,
    EntityCache,
    DerivedCache,
    Rankings,
    RateLimitCounters,
    CacheHealthIndicator,
  ],
  exports: [
    REDIS_CLIENT,
    CACHE_ENGINE,
    CacheKeys,
    RedisConnection,
    RedisGuard,
    EntityCache,
    DerivedCache,
    Rankings,
    RateLimitCounters,
    CacheHealthIndicator,
  ],
})
export class CacheModule extends ConfigurableModuleClass {}
