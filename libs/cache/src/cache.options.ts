import type { ConnectionOptions } from 'node:tls';
import type { CacheEngineName } from './engine/cache-engine';
import type { MemcachedOptions } from './engine/memcached/memcached.options';
import type { NearCacheSettings } from './near/near-cache';

/** One Redis endpoint. */
export interface RedisNode {
  host: string;
  port: number;
}

/** How to reach Redis. */
export interface RedisConnectionOptions {
  /** `cluster`: seed nodes of a Redis Cluster; `single`: the first node is a standalone server. */
  mode: 'cluster' | 'single';
  /** Seed nodes (cluster) or the one server (single). */
  nodes: RedisNode[];
  /** Redis ACL user name. Default: none (the `default` user). */
  username?: string;
  /** Redis ACL password or `requirepass`. Default: none. */
  password?: string;
  /** Connect with TLS: `true` (system CAs and NODE_EXTRA_CA_CERTS) or Node TLS options such as `{ ca }`. Default: false. */
  tls?: boolean | ConnectionOptions;
  /** Per-command timeout in ms, enforced by ioredis and again by the fail-open guard. Default: 250. */
  commandTimeoutMs?: number;
  /**
   * Single-node mode: let ioredis batch concurrent commands into one write. Default: true. A cluster client never
   * auto-pipelines (ioredis does not follow MOVED/ASK redirects for auto-pipelined commands); hits do not need it
   * there, the direct reader batches them itself.
   */
  autoPipelining?: boolean;
}

/** Options of the circuit breaker inside the fail-open guard. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. Default: 5. */
  failureThreshold?: number;
  /** How long the circuit stays open before one probe call is let through, in ms. Default: 2000. */
  openMs?: number;
}

/** Fleet-wide stampede protection (a lease per key on a miss). */
export interface StampedeOptions {
  /** Turn the lease off (only in-process single flight remains). Default: false. */
  disabled?: boolean;
  /** Lifetime of a lease: a crashed holder blocks nobody longer; a live holder renews it. Default: 3000 ms. */
  leaseTtlMs?: number;
  /** Longest a waiter waits for another's fill before failing with LoadWaitExceededError (503). Default: 6000 ms. */
  maxWaitMs?: number;
}

/** Options of {@link CacheModule}. Every field but `redis` has a default. */
export interface CacheModuleOptions {
  /**
   * The Redis connection: change events, rankings, derived values and rate limits always use Redis, and entities
   * too with the `redis` engine.
   */
  redis: RedisConnectionOptions;
  /** Where entities are cached (L2): `redis` (the connection above) or `memcached` (`memcached`). Default: redis. */
  engine?: CacheEngineName;
  /** The Memcached cluster, for the `memcached` engine. */
  memcached?: MemcachedOptions;
  /**
   * `false`: every read goes to the loader (MySQL), as if nothing were cached: a kill switch, and the uncached
   * baseline of the benchmarks. Writes still write through, so turning reads back on serves fresh data. Default: true.
   */
  readsEnabled?: boolean;
  /** Key prefix shared by all services of one deployment. Default: `fc`. */
  keyPrefix?: string;
  /** Schema version in every key; bump it when a cached shape changes. Default: `v2`. */
  schemaVersion?: string;
  /** TTL per entity type or TTL class (a derived value's, e.g. `trending`), seconds; unlisted ones get 1 h. */
  ttlSeconds?: Record<string, number>;
  /** Relative TTL jitter: each TTL is drawn from [ttl·(1−j), ttl·(1+j)]. Default: 0.1. */
  ttlJitter?: number;
  /** Lifetime of a delete tombstone in seconds. Default: 300. */
  tombstoneTtlSeconds?: number;
  /**
   * Stale-while-revalidate per entity type: after this many seconds a value is served as STALE while one background
   * refresh runs; past the TTL it is a miss. Absent or 0: off for that type. Default: off.
   */
  staleAfterSeconds?: Record<string, number>;
  /** In-process near-cache (L1) per entity type; absent = off (the default). */
  nearCache?: Record<string, NearCacheSettings>;
  /** How long "does not exist" is cached (negative caching), seconds; 0 turns it off. Default: 30. */
  negativeTtlSeconds?: number;
  /** Fleet-wide stampede protection. */
  stampede?: StampedeOptions;
  /** Circuit breaker of the fail-open guard (one circuit per Redis master or Memcached node). */
  circuitBreaker?: CircuitBreakerOptions;
  /** Shards (sorted sets, one slot each) per ranking. Default: 16. */
  rankingShards?: number;
  /** Members each ranking shard keeps; the rest is trimmed every `rankingTrimMs`. Default: 10000. */
  rankingKeepPerShard?: number;
  /** How often ranking shards are trimmed, ms. Default: 60000. */
  rankingTrimMs?: number;
}
