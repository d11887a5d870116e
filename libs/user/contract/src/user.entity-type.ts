import { defineEntityType } from '@fleetcache/core';

/**
 * The user entity type, owned by user-service: what the cache, the events and the cache-warmer know of users. Its
 * settings' variables are CACHE_TTL_USER_SECONDS, CACHE_SWR_USER_SECONDS and CACHE_NEAR_USER_MS; the warmer
 * reaches user-service at USER_SERVICE_URL and USER_SERVICE_INTERNAL_URL.
 */
export const USER_ENTITY_TYPE = defineEntityType({
  name: 'user',
  service: { name: 'user-service', port: 3001, internalPort: 9001, path: '/users' },
  cache: { ttlSeconds: 3600, staleAfterSeconds: 0, nearCacheMs: 0 },
  derived: [],
});
