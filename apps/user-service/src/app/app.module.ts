import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CacheModule, cacheOptionsFromEnv } from '@fleetcache/cache';
import { dataSourceOptions } from '@fleetcache/db';
import {
  HealthModule,
  LoggingModule,
  MetricsModule,
  SERVICE_ENV,
  ServiceConfigModule,
} from '@fleetcache/platform';
import { OutboxModule, outboxOptionsFromEnv } from '@fleetcache/events';
import { UserFeatureModule } from '@fleetcache/user-feature';
import { USER_SERVICE_ENV_SCHEMAS, USER_SERVICE_SOURCE, type UserServiceEnv } from './user-service.env';
import { USER_SERVICE_SCHEMA } from './user-service.schema';

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
          useFactory: (env: UserServiceEnv) => dataSourceOptions(env, USER_SERVICE_SCHEMA),
        }),
        CacheModule.forRootAsync({
          isGlobal: true,
          inject: [SERVICE_ENV],
          useFactory: (env: UserServiceEnv) => cacheOptionsFromEnv(env),
        }),
        OutboxModule.forRootAsync({
          isGlobal: true,
          inject: [SERVICE_ENV],
          useFactory: (env: UserServiceEnv) => outboxOptionsFromEnv(env, USER_SERVICE_SOURCE),
        }),
        UserFeatureModule,
        HealthModule,
        MetricsModule,
      ],
    };
  }
}
