/** Injection token of the entity types the cache-warmer applies (the definitions given to createWarmerApp). */
export const WARMED_ENTITY_TYPES = Symbol('fleetcache.warmer.entity-types');
