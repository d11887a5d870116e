import { Cluster } from 'ioredis';
import {
  CacheMetrics,
  closeRedisClient,
  createRedisClient,
  RedisGuard,
  type CacheModuleOptions,
  type RedisClient,
  type RedisNode,
} from '@fleetcache/cache';
import { LOCAL_STACK_REDIS } from '@fleetcache/cache/testing';

/** The local stack's Redis Cluster seeds (scripts/stack: 127.0.0.1:7000-7002), as the integration tests use. */
export function clusterSeeds(): RedisNode[] {
  return LOCAL_STACK_REDIS.cluster.map((node) => ({ ...node }));
}

/** A Redis Cluster client with the fail-open guard the semantic cache needs, under a key prefix of its own. */
export interface BenchRedis {
  redis: RedisClient;
  guard: RedisGuard;
  keyPrefix: string;
  /** Deletes every key under the prefix, then closes the client. */
  close(): Promise<void>;
}

/** A unique key prefix for one benchmark run (`fcsb-<what>-<pid><time>`): runs never see each other's entries. */
export function uniquePrefix(what: string): string {
  return `fcsb-${what}-${process.pid}${Date.now() % 1e7}`;
}

/** Connects to the cluster with commands timing out after 1 s (bulk stores queue more than an app does). */
export function openBenchRedis(keyPrefix: string): BenchRedis {
  const options: CacheModuleOptions = {
    redis: { mode: 'cluster', nodes: clusterSeeds(), commandTimeoutMs: 1000 },
    keyPrefix,
  };
  const redis = createRedisClient(options.redis);
  const guard = new RedisGuard(options, redis, new CacheMetrics());
  return {
    redis,
    guard,
    keyPrefix,
    close: async () => {
      await deleteKeysUnder(redis, keyPrefix).catch(() => undefined);
      guard.stop();
      await closeRedisClient(redis, { drain: true });
    },
  };
}

/** Deletes every key starting with `<prefix>:` on every master (one UNLINK per key: each may be in another slot). */
export async function deleteKeysUnder(redis: RedisClient, prefix: string): Promise<number> {
  const nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
  let deleted = 0;
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await node.pipeline(keys.map((key) => ['unlink', key])).exec();
      deleted += keys.length;
    } while (cursor !== '0');
  }
  return deleted;
}
