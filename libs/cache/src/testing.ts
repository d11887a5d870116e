import type { CacheModuleOptions } from './cache.options';

/** Redis endpoints of the local stack (scripts/stack): the 6-node cluster and the standalone node. */
export const LOCAL_STACK_REDIS = Object.freeze({
  cluster: [7000, 7001, 7002].map((port) => ({ host: '127.0.0.1', port })),
  single: [{ host: '127.0.0.1', port: 7010 }],
});

/** The local stack's 3 Memcached nodes. */
export const LOCAL_STACK_MEMCACHED = Object.freeze([7020, 7021, 7022].map((port) => ({ host: '127.0.0.1', port })));

/** Where a test caches entities: the Redis Cluster, the standalone Redis, or the Memcached nodes (events on the cluster). */
export type TestEngine = 'cluster' | 'single' | 'memcached';

/** Cache options for tests against the local stack, with a unique key prefix so test runs never collide. */
export function testCacheOptions(
  target: TestEngine,
  overrides: Partial<CacheModuleOptions> = {},
): CacheModuleOptions {
  const mode = target === 'single' ? 'single' : 'cluster';
  return {
    redis: { mode, nodes: LOCAL_STACK_REDIS[mode], commandTimeoutMs: 250 },
    ...(target === 'memcached'
      ? { engine: 'memcached', memcached: { nodes: [...LOCAL_STACK_MEMCACHED], commandTimeoutMs: 250 } }
      : {}),
    keyPrefix: `t${process.pid}${Math.floor(Math.random() * 1e6)}`,
    ...overrides,
  };
}
export { StallingProxy } from './testing/stalling-proxy';
export { StandaloneRedis } from './testing/standalone-redis';
export { StandaloneMemcached } from './testing/standalone-memcached';
export { InMemoryEngine } from './engine/memory/in-memory-engine';
