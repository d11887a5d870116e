import type { RedisConnectionOptions } from '@fleetcache/cache';

/** Where events travel: the Redis deployment, channel prefix and partition count. */
export interface EventsTransportOptions {
  /** The Redis connection (a cluster or one node; sharded pub/sub works on both). */
  redis: RedisConnectionOptions;
  /** Channel prefix. Default: `fc`. */
  prefix?: string;
  /** Partitions per entity type. Default: 8. */
  partitions?: number;
}
