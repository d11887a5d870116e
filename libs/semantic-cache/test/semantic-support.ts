import {
  CacheMetrics,
  closeRedisClient,
  createRedisClient,
  RedisGuard,
  type CacheModuleOptions,
  type RedisClient,
} from '@fleetcache/cache';
import { testCacheOptions } from '@fleetcache/cache/testing';
import { HashingEmbedder } from '../src/embed/hashing-embedder';
import type { Embedder } from '../src/embed/embedder';
import { SemanticCache } from '../src/semantic-cache';
import { DEFAULT_SEMANTIC_CACHE_SETTINGS, type SemanticCacheSettings } from '../src/semantic-cache.settings';

/** One "instance" of the semantic cache on the local Redis Cluster: its own clients, guard and index. */
export interface TestInstance {
  cache: SemanticCache;
  redis: RedisClient;
  close(): Promise<void>;
}

/** Cache options with one key prefix per test file, so runs never see each other's entries. */
export function semanticTestOptions(): CacheModuleOptions {
  return testCacheOptions('cluster');
}

/** Starts an instance (index loaded, subscribed) on `options`' cluster and prefix. */
export async function startInstance(
  options: CacheModuleOptions,
  settings: Partial<SemanticCacheSettings> = {},
  embedder: Embedder = new HashingEmbedder(),
): Promise<TestInstance> {
  const redis = createRedisClient(options.redis);
  const subscriber = createRedisClient(
    { ...options.redis, autoPipelining: false },
    { shardedSubscribers: true },
  );
  const guard = new RedisGuard(options, redis, new CacheMetrics());
  const cache = new SemanticCache({
    redis,
    subscriber,
    guard,
    embedder,
    keyPrefix: options.keyPrefix,
    settings: { ...DEFAULT_SEMANTIC_CACHE_SETTINGS, resyncMs: 0, ...settings },
  });
  await cache.start();
  return {
    cache,
    redis,
    close: async () => {
      await cache.stop();
      guard.stop();
      await closeRedisClient(redis, { drain: true });
    },
  };
}

/** Waits until `check` holds (events travel between instances), at most `ms`. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
