/** Injection token of the ioredis client (a `Cluster` or a single-node `Redis`). */
export const REDIS_CLIENT = Symbol('fleetcache.cache.redis-client');

/** Entity types with a default TTL policy (seconds), from the reference architecture. */
export const DEFAULT_TTL_SECONDS: Readonly<Record<string, number>> = Object.freeze({
  user: 3600,
  product: 3600,
  trending: 300,
  config: 86_400,
});

/** TTL used for an entity type that has no entry in the policy. */
export const FALLBACK_TTL_SECONDS = 3600;

/** How long a delete tombstone stays, so that a late fill cannot resurrect the row. */
export const DEFAULT_TOMBSTONE_TTL_SECONDS = 300;

/** How long "does not exist" is cached by default (negative caching), seconds. */
export const DEFAULT_NEGATIVE_TTL_SECONDS = 30;
