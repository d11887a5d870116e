/** Injection token of the ioredis client (a `Cluster` or a single-node `Redis`). */
export const REDIS_CLIENT = Symbol('fleetcache.cache.redis-client');

/** TTL of an entity type or TTL class that was not registered (seconds). */
export const FALLBACK_TTL_SECONDS = 3600;

/** How long a delete tombstone stays, so that a late fill cannot resurrect the row. */
export const DEFAULT_TOMBSTONE_TTL_SECONDS = 300;

/** How long "does not exist" is cached by default (negative caching), seconds. */
export const DEFAULT_NEGATIVE_TTL_SECONDS = 30;

/**
 * Most "does not exist" entries one batch read writes: a request for many random absent ids must not fill the
 * cache with negatives (the ids past the cap are simply loaded again next time).
 */
export const DEFAULT_NEGATIVE_FILLS_PER_BATCH = 10;

/**
 * Members each ranking shard keeps (trimmed on a timer). Counts are cumulative, so a member cut off loses its count:
 * the keep is set well above any top N read (the warmer's 1,000, trending's 100) so that a newcomer has room to
 * climb before it would be cut.
 */
export const DEFAULT_RANKING_KEEP_PER_SHARD = 10_000;

/** How often the ranking shards are trimmed to their top members, ms. */
export const DEFAULT_RANKING_TRIM_MS = 60_000;
