import 'reflect-metadata';
import { listenFromConfig } from '@fleetcache/platform';
import { createWarmerApp, WARMER_INFO } from '@fleetcache/warmer';
import { FLEET_ENTITY_TYPES } from '@fleetcache/fleet';

/** Entry point of the cache-warmer: event consumer plus /health and /metrics on HTTP. */
createWarmerApp(process.env, FLEET_ENTITY_TYPES)
  .then((app) => listenFromConfig(app, WARMER_INFO))
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
