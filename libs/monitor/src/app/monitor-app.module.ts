import { Module, type DynamicModule } from '@nestjs/common';
import { CacheModule, cacheOptionsFromEnv } from '@fleetcache/cache';
import { HealthModule, LoggingModule, MetricsModule, ServiceConfigModule } from '@fleetcache/platform';
import { MonitorModule } from '../monitor.module';
import type { MonitorServiceEnv } from '../monitor.env';
import type { MonitorSettings } from '../monitor.settings';

/** Root module of the cache-monitor: no database; readiness reports Redis as the other apps do. */
@Module({})
export class MonitorAppModule {
  static forRoot(env: MonitorServiceEnv, settings: MonitorSettings): DynamicModule {
    return {
      module: MonitorAppModule,
      imports: [
        ServiceConfigModule.forRoot(env),
        LoggingModule,
        CacheModule.forRoot({ ...cacheOptionsFromEnv(env), isGlobal: true }),
        HealthModule,
        MetricsModule,
        MonitorModule.forRoot(settings),
      ],
    };
  }
}
