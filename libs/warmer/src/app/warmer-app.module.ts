import { Module, type DynamicModule } from '@nestjs/common';
import { CacheModule, cacheOptionsFromEnv } from '@fleetcache/cache';
import {
  HealthModule,
  LoggingModule,
  MetricsModule,
  SERVICE_ENV,
  ServiceConfigModule,
} from '@fleetcache/platform';
import { ChangeApplier } from '../apply/change-applier.service';
import { EventsController } from '../apply/events.controller';
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
  /** `env`: validated against WARMER_ENV_SCHEMAS. */
  static forRoot(env: WarmerServiceEnv): DynamicModule {
    return {
      module: WarmerAppModule,
      imports: [
        ServiceConfigModule.forRoot(env),
        LoggingModule,
        CacheModule.forRootAsync({
          isGlobal: true,
          inject: [SERVICE_ENV],
          useFactory: (env: WarmerServiceEnv) => cacheOptionsFromEnv(env),
        }),
        HealthModule,
        MetricsModule,
      ],
      controllers: [EventsController],
      providers: [
        { provide: EVENT_SOURCES, inject: [SERVICE_ENV], useFactory: eventSourcesFromEnv },
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
