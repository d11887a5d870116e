import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { SERVICE_ENV } from './service-config.constants';

/**
 * Provides the environment, validated once at start (see {@link validateServiceEnv}), as {@link SERVICE_ENV} and
 * through Nest's `ConfigService`. Global. Nothing is written back into `process.env`.
 */
@Module({})
export class ServiceConfigModule {
  static forRoot(env: object): DynamicModule {
    return {
      module: ServiceConfigModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          skipProcessEnv: true,
          load: [() => env as Record<string, unknown>],
        }),
      ],
      providers: [{ provide: SERVICE_ENV, useValue: Object.freeze(env) }],
      exports: [SERVICE_ENV],
    };
  }
}
