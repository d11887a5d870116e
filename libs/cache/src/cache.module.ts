import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { REDIS_CLIENT } from './cache.constants';
import { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN } from './cache.module-definition';
import type { CacheModuleOptions } from './cache.options';
import { createRedisClient } from './connection/redis-client.factory';
import { RedisConnection } from './connection/redis-connection';
import { EntityCache } from './entity-cache.service';
import { RedisGuard } from './guard/redis-guard';
import { CacheHealthIndicator } from './health/cache-health.indicator';
import { CacheMetrics } from './metrics/cache-metrics';

/**
 * The shared caching module. `CacheModule.forRoot({ redis: {...} })` or `forRootAsync({ useFactory, inject })`;
 * `isGlobal: true` makes {@link EntityCache} injectable everywhere.
 */
@Module({
  imports: [TerminusModule],
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [MODULE_OPTIONS_TOKEN],
      useFactory: (options: CacheModuleOptions) => createRedisClient(options.redis),
    },
    RedisConnection,
    RedisGuard,
    CacheMetrics,
    EntityCache,
    CacheHealthIndicator,
  ],
  exports: [REDIS_CLIENT, RedisConnection, RedisGuard, EntityCache, CacheHealthIndicator],
})
export class CacheModule extends ConfigurableModuleClass {}
