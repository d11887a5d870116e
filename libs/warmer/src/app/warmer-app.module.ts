import { Module, type DynamicModule } from '@nestjs/common';
import { CacheModule, cacheOptionsFromEnv } from '@fleetcache/cache';
import type { EntityTypeDefinition } from '@fleetcache/core';
import {
  HealthModule,
  LoggingModule,
  MetricsModule,
  SERVICE_ENV,
  ServiceConfigModule,
} from '@fleetcache/platform';
import { ChangeApplier } from '../apply/change-applier.service';
import { WARMED_ENTITY_TYPES } from '../apply/warmed-entity-types';
import { EVENT_SOURCES, eventSourcesFromEnv } from '../replay/event-sources';
import { ReplayService } from '../replay/replay.service';
import { SourceClient } from '../replay/source-client';
import type { WarmerServiceEnv } from '../warmer.env';
import { WarmerMetrics } from '../warmer.metrics';
import { WarmupService } from '../warmup/warmup.service';
import { WarmerObserver } from './warmer-observer';

/** Root module of the cache-warmer: no database; Redis is reported by readiness (required only if configured). */
@Module({})
export class WarmerAppModule {
  /** `env`: validated against warmerEnvSchemas(types). */
  static forRoot(env: WarmerServiceEnv, types: readonly EntityTypeDefinition[]): DynamicModule {
    return {
      module: WarmerAppModule,
      imports: [
        ServiceConfigModule.forRoot(env),
        LoggingModule,
        CacheModule.forRootAsync({
          isGlobal: true,
          inject: [SERVICE_ENV],
          useFactory: (env: WarmerServiceEnv) => cacheOptionsFromEnv(env, types),
        }),
        HealthModule,
        MetricsModule,
      ],
      providers: [
        { provide: WARMED_ENTITY_TYPES, useValue: types },
        {
          provide: EVENT_SOURCES,
          inject: [SERVICE_ENV],
          useFactory: (env: Record<string, unknown>) => eventSourcesFromEnv(env, types),
        },
        WarmerMetrics,
        ChangeApplier,
        SourceClient,
        ReplayService,
        WarmupService,
        WarmerObserver,
      ],
    };
  }
}
