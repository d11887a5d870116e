export { CacheModule } from './cache.module';
export { MODULE_OPTIONS_TOKEN as CACHE_MODULE_OPTIONS } from './cache.module-definition';
export { REDIS_CLIENT, DEFAULT_TOMBSTONE_TTL_SECONDS } from './cache.constants';
export type {
  CacheModuleOptions,
  RedisConnectionOptions,
  RedisNode,
  CircuitBreakerOptions,
} from './cache.options';
export { CacheEnv, cacheOptionsFromEnv, cacheEnvSchemas } from './cache.env';
export { entityCacheVariables, derivedTtlVariable } from './entity-types/entity-cache.env';
export type {
  CacheEntry,
  CacheLookup,
  CacheSource,
  LoadResult,
  BatchResult,
  Loader,
  BatchLoader,
} from './cache-entry';
export { EntityCache } from './entity-cache.service';
export {
  CACHE_ENGINE,
  CACHE_ENGINE_NAMES,
  type CacheEngine,
  type CacheEngineName,
  type StoredWrite,
  type FencedReply,
  type LeaseAttempt,
  type FillPoll,
} from './engine/cache-engine';
export type { MemcachedOptions, MemcachedNode } from './engine/memcached/memcached.options';
export { LoadWaitExceededError } from './stampede/lease-coordinator';
export { RedisGuard } from './guard/redis-guard';
export { CacheGuard } from './guard/cache-guard';
export { CacheMetrics } from './metrics/cache-metrics';
export { CircuitBreaker } from './guard/circuit-breaker';
export { RedisConnection } from './connection/redis-connection';
export { closeRedisClient } from './connection/close-redis-client';
export {
  createRedisClient,
  isCluster,
  DEFAULT_CLUSTER_OPTIONS,
  DEFAULT_NODE_OPTIONS,
  type RedisClient,
} from './connection/redis-client.factory';
export { CacheKeys, DEFAULT_KEY_PREFIX } from './keys/cache-keys';
export { TtlPolicy } from './ttl/ttl-policy';
export { CacheHealthIndicator } from './health/cache-health.indicator';
export { DerivedCache, type DerivedValue } from './derived/derived-cache.service';
export { Rankings, type Ranked } from './ranking/rankings.service';
export { RateLimitCounters, type WindowCount } from './rate-limit/rate-limit-counters';
export { NearCache, type NearCacheSettings } from './near/near-cache';
