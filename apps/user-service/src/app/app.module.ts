import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CacheModule, cacheOptionsFromEnv } from '@fleetcache/cache';
import { dataSourceOptions } from '@fleetcache/db';
import { HealthModule, LoggingModule, MetricsModule, SERVICE_ENV, ServiceConfigModule } from '@fleetcache/platform';
import { USER_SCHEMA } from '@fleetcache/user-data-access';
import { UserFeatureModule } from '@fleetcache/user-feature';
import { USER_SERVICE_ENV_SCHEMAS, type UserServiceEnv } from './user-service.env';

/** Root module of user-service: wiring only. */
@Module({})
export class AppModule {
  /** Builds the module from an environment (process.env in production, a literal in tests). */
  static forRoot(source: Record<string, string | undefined>): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceConfigModule.forRoot(source, ...USER_SERVICE_ENV_SCHEMAS),
        LoggingModule,
        TypeOrmModule.forRootAsync({
          inject: [SERVICE_ENV],
          useFactory: (env: UserServiceEnv) => dataSourceOptions(env, USER_SCHEMA),
        }),
        CacheModule.forRootAsync({
          isGlobal: true,
          inject: [SERVICE_ENV],
          useFactory: (env: UserServiceEnv) => cacheOptionsFromEnv(env),
        }),
        UserFeatureModule,
        HealthModule,
        MetricsModule,
      ],
    };
  }
}
