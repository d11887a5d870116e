import { listenForTest, testEnv, type RunningService } from '@fleetcache/platform/testing';
import { startService } from '@fleetcache/entity-api/testing';
import { PRODUCT_SERVICE } from '@fleetcache/product-feature';
import { USER_SERVICE } from '@fleetcache/user-feature';
import { createWarmerApp } from '@fleetcache/warmer';
import { FLEET_ENTITY_TYPES } from '@fleetcache/fleet';

export { http, metric, uniqueEmail, eventually, type RunningService } from '@fleetcache/platform/testing';

/** Settings every member of one test fleet shares: the cache key prefix and the event channel prefix. */
export function fleetEnv(overrides: Record<string, string> = {}): Record<string, string> {
  const tag = `f${process.pid}${Date.now() % 1e7}`;
  return {
    CACHE_KEY_PREFIX: tag,
    EVENTS_CHANNEL_PREFIX: tag,
    LOG_LEVEL: 'error',
    OUTBOX_POLL_MS: '200',
    ...overrides,
  };
}

/** Starts user-service, product-service or the cache-warmer with the fleet's settings. */
export const start = {
  users: (env: Record<string, string>) => startService(USER_SERVICE, env),
  products: (env: Record<string, string>) => startService(PRODUCT_SERVICE, env),
  async warmer(
    env: Record<string, string>,
    services: { users: RunningService; products: RunningService },
  ): Promise<RunningService> {
    const full = testEnv({
      WARMER_REPLAY_INTERVAL_MS: '500',
      ...env,
      USER_SERVICE_URL: services.users.url,
      USER_SERVICE_INTERNAL_URL: services.users.internalUrl,
      PRODUCT_SERVICE_URL: services.products.url,
      PRODUCT_SERVICE_INTERNAL_URL: services.products.internalUrl,
    });
    return listenForTest(await createWarmerApp(full, FLEET_ENTITY_TYPES), full);
  },
};
