import type { CacheModuleOptions } from './cache.options';

/** Redis endpoints of the local stack (scripts/stack): the 6-node cluster and the standalone node. */
export const LOCAL_STACK_REDIS = Object.freeze({
  cluster: [7000, 7001, 7002].map((port) => ({ host: '127.0.0.1', port })),
  single: [{ host: '127.0.0.1', port: 7010 }],
});

/** Cache options for tests against the local stack, with a unique key prefix so test runs never collide. */
export function testCacheOptions(
  mode: 'cluster' | 'single',
  overrides: Partial<CacheModuleOptions> = {},
): CacheModuleOptions {
  return {
    redis: { mode, nodes: LOCAL_STACK_REDIS[mode], commandTimeoutMs: 250 },
    keyPrefix: `t${process.pid}${Math.floor(Math.random() * 1e6)}`,
    ...overrides,
  };
}
export { StallingProxy } from './testing/stalling-proxy';
export { StandaloneRedis } from './testing/standalone-redis';
