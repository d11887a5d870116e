import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { CacheModule, cacheOptionsFromEnv } from '@fleetcache/cache';
import { eventsTransportFromEnv } from '@fleetcache/events';
import {
  ApiAuthModule,
  HealthModule,
  LoggingModule,
  MetricsModule,
  RateLimitModule,
  ServiceConfigModule,
} from '@fleetcache/platform';
import type { Embedder } from '@fleetcache/semantic-cache';
import { AssistantModule } from '../assistant.module';
import type { AssistantServiceEnv } from '../config/assistant.env';
import type { AssistantSettings } from '../config/assistant.settings';

/** The public edge's guards that are on: rate limits first, then credentials. */
function edgeModules(env: AssistantServiceEnv): Type<unknown>[] {
  return [
    ...(env.RATE_LIMIT_ENABLED ? [RateLimitModule] : []),
    ...(env.API_AUTH !== 'off' ? [ApiAuthModule] : []),
  ];
}

/** Root module of the assistant-service: no database; its state (cache, memory, sessions) is in the Redis Cluster. */
@Module({})
export class AssistantAppModule {
  static forRoot(env: AssistantServiceEnv, settings: AssistantSettings, embedder: Embedder): DynamicModule {
    const cache = cacheOptionsFromEnv(env);
    return {
      module: AssistantAppModule,
      imports: [
        ServiceConfigModule.forRoot(env),
        LoggingModule,
        CacheModule.forRoot({ ...cache, isGlobal: true }),
        AssistantModule.forRoot({
          settings,
          embedder,
          cache,
          events: eventsTransportFromEnv(env),
          internalTokens: [env.INTERNAL_TOKEN, env.INTERNAL_TOKEN_PREVIOUS].filter((t): t is string => !!t),
        }),
        HealthModule,
        MetricsModule,
        ...edgeModules(env),
      ],
    };
  }
}
