import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { validateEnv, type EnvClass } from '@fleetcache/core';
import { SERVICE_ENV } from './service-config.constants';

/**
 * Validates the environment once, at start, against the given schema classes, and provides the typed result as
 * {@link SERVICE_ENV} and through Nest's `ConfigService`. Global. Nothing is written back into `process.env`.
 */
@Module({})
export class ServiceConfigModule {
  static forRoot(source: Record<string, string | undefined>, ...schemas: EnvClass[]): DynamicModule {
    const env = validateEnv<Record<string, unknown>>(source, ...schemas);
    return {
      module: ServiceConfigModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          skipProcessEnv: true,
          load: [() => env],
        }),
      ],
      providers: [{ provide: SERVICE_ENV, useValue: Object.freeze(env) }],
      exports: [SERVICE_ENV],
    };
  }
}
