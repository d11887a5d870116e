import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { eventsTransportFromEnv, RedisEventServer } from '@fleetcache/events';
import { validateEnv } from '@fleetcache/core';
import { createHttpApp, type ServiceInfo } from '@fleetcache/platform';
import { WARMER_ENV_SCHEMAS, type WarmerServiceEnv } from '../warmer.env';
import { WarmerAppModule } from './warmer-app.module';
import { WarmerObserver } from './warmer-observer';

/** How the cache-warmer describes itself. */
export const WARMER_INFO: ServiceInfo = {
  title: 'fleetcache cache-warmer',
  description:
    'Applies change events to the cache (pre-warm, tombstones, derived invalidation), replays missed ones, warms hot keys.',
};

/**
 * Creates the cache-warmer: an HTTP app (health, metrics) with the Redis sharded pub/sub event server connected
 * and started. Does not listen on HTTP.
 */
export async function createWarmerApp(
  source: Record<string, string | undefined>,
): Promise<NestFastifyApplication> {
  const env = validateEnv<WarmerServiceEnv>(source, ...WARMER_ENV_SCHEMAS);
  const app = await createHttpApp(WarmerAppModule.forRoot(env), WARMER_INFO, env);
  const strategy = new RedisEventServer(
    { ...eventsTransportFromEnv(env), entities: ['user', 'product'] },
    app.get(WarmerObserver),
  );
  app.connectMicroservice({ strategy }, { inheritAppConfig: true });
  await app.startAllMicroservices();
  return app;
}
