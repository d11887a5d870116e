import { defineEntityType } from '@fleetcache/core';

/**
 * A third entity type, defined in the test tree only: what a new scope writes to add an entity (the README's
 * "Adding an entity type"). Nothing under libs/ names it.
 */
export const ORDER_ENTITY_TYPE = defineEntityType({
  name: 'order',
  service: { name: 'order-service', port: 3004, internalPort: 9004, path: '/orders' },
  cache: { ttlSeconds: 120, staleAfterSeconds: 0, nearCacheMs: 0 },
  derived: [{ name: 'open:order', ttlClass: 'openorders', ttlSeconds: 60 }],
});
