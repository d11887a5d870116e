import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  EVENT_ACTIONS,
  eventsTransportFromEnv,
  RedisEventServer,
  type ChangeEvent,
} from '@fleetcache/events';
import { uniqueEntityTypes, validateEnv, type EntityTypeDefinition } from '@fleetcache/core';
import { createHttpApp, type ServiceInfo } from '@fleetcache/platform';
import { ChangeApplier } from '../apply/change-applier.service';
import { warmerEnvSchemas, type WarmerServiceEnv } from '../warmer.env';
import { WarmerAppModule } from './warmer-app.module';
import { WarmerObserver } from './warmer-observer';

/** How the cache-warmer describes itself. */
export const WARMER_INFO: ServiceInfo = {
  title: 'fleetcache cache-warmer',
  description:
    'Applies change events to the cache (pre-warm, tombstones, derived invalidation), replays missed ones, warms hot keys.',
};

/**
 * Creates the cache-warmer for the entity `types` it applies: an HTTP app (health, metrics) with the Redis sharded
 * pub/sub event server connected and started, one handler per type and action. Does not listen on HTTP.
 */
export async function createWarmerApp(
  rawEnv: Record<string, string | undefined>,
  types: readonly EntityTypeDefinition[],
): Promise<NestFastifyApplication> {
  uniqueEntityTypes(types);
  const env = validateEnv<WarmerServiceEnv>(rawEnv, ...warmerEnvSchemas(types));
  const app = await createHttpApp(WarmerAppModule.forRoot(env, types), WARMER_INFO, env);
  const strategy = new RedisEventServer(
    { ...eventsTransportFromEnv(env), entities: types.map((type) => type.name) },
    app.get(WarmerObserver),
  );
  const applier = app.get(ChangeApplier);
  const applyLive = (event: ChangeEvent) => applier.apply(event, 'live');
  for (const type of types)
    for (const action of EVENT_ACTIONS) strategy.addHandler(`${type.name}.${action}`, applyLive, true);
  app.connectMicroservice({ strategy }, { inheritAppConfig: true });
  await app.startAllMicroservices();
  return app;
}
