import type { ConnectionOptions } from 'node:tls';
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { RedisConnectionOptions } from '../cache.options';

/** A Redis client: a cluster client or a single-node client. */
export type RedisClient = Redis | Cluster;

/** Default per-command timeout (ms). */
export const DEFAULT_COMMAND_TIMEOUT_MS = 250;

/**
 * Cluster client defaults: with these a killed master was failed over in ~3.6 s with no command
 * failing. The offline queue is kept so commands issued during a failover wait instead of failing; the
 * fail-open guard bounds how long a caller waits.
 */
export const DEFAULT_CLUSTER_OPTIONS: Readonly<ClusterOptions> = Object.freeze({
  maxRedirections: 64,
  retryDelayOnFailover: 200,
  retryDelayOnClusterDown: 300,
  retryDelayOnTryAgain: 100,
  slotsRefreshTimeout: 2000,
  enableOfflineQueue: true,
  enableReadyCheck: true,
  scaleReads: 'master',
  clusterRetryStrategy: (times: number) => Math.min(100 + times * 100, 2000),
  // Slots that moved (resharding) are learnt within this even when no command met a MOVED (the direct reader routes
  // by this map).
  slotsRefreshInterval: 5000,
});

/** Per-node defaults shared by both modes. */
export const DEFAULT_NODE_OPTIONS: Readonly<RedisOptions> = Object.freeze({
  connectTimeout: 2000,
  maxRetriesPerRequest: 1,
  enableOfflineQueue: true,
  retryStrategy: (times: number) => Math.min(100 + times * 100, 2000),
  // No CLIENT SETINFO on connect: the apps' ACL users are not granted it (k8s/base/redis/acl-users.sh), and Redis
  // before 7.2 does not know it.
  disableClientInfo: true,
});

/** What a client may change in the defaults. */
export interface ClientVariant {
  /** A cluster client for sharded pub/sub subscriptions. */
  shardedSubscribers?: boolean;
  /**
   * `false`: a command issued while the client is not connected fails at once instead of waiting in ioredis's
   * offline queue, which has no bound (a publisher, whose callers keep their own copy to retry, wants this). On a
   * cluster this is the cluster's queue (the cluster not ready); the queue of each node connection stays, because
   * the cluster client connects to nodes lazily and a command failed there would be retried out of order.
   */
  enableOfflineQueue?: boolean;
  /**
   * `true`: a cluster client auto-pipelines too. Off otherwise: ioredis does not follow MOVED/ASK for
   * auto-pipelined commands, so they fail while slots migrate. The event publisher turns it on: without it, the
   * first publishes of a new client can leave out of order while its node connections open, and a publish that
   * fails during a migration is retried by the outbox relay once the slot map is refreshed.
   */
  clusterAutoPipelining?: boolean;
}

/** Creates the client described by `options` (it connects in the background; errors surface per command). */
export function createRedisClient(options: RedisConnectionOptions, variant: ClientVariant = {}): RedisClient {
  if (options.nodes.length === 0) throw new Error('Redis connection needs at least one node');
  const offlineQueue = variant.enableOfflineQueue ?? true;
  const nodeOptions: RedisOptions = {
    ...DEFAULT_NODE_OPTIONS,
    username: options.username,
    password: options.password,
    commandTimeout: options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
    tls: tlsOptions(options.tls),
  };
  if (options.mode === 'single') {
    const [node] = options.nodes;
    return new Redis({
      ...nodeOptions,
      enableOfflineQueue: offlineQueue,
      host: node.host,
      port: node.port,
      enableAutoPipelining: options.autoPipelining ?? true,
    });
  }
  return new Cluster(options.nodes, {
    ...DEFAULT_CLUSTER_OPTIONS,
    enableOfflineQueue: offlineQueue,
    ...(variant.shardedSubscribers === undefined ? {} : { shardedSubscribers: variant.shardedSubscribers }),
    // Off on a cluster unless asked for (see ClientVariant.clusterAutoPipelining): single commands follow MOVED/ASK.
    enableAutoPipelining: variant.clusterAutoPipelining ?? false,
    redisOptions: nodeOptions,
    dnsLookup: (address, callback) => callback(null, address),
  });
}

/** Whether the client is a cluster client. */
export function isCluster(client: RedisClient): client is Cluster {
  return client instanceof Cluster;
}

/** Node TLS options of a connection: undefined without TLS, `{}` (system CAs) for `true`. */
export function tlsOptions(tls: RedisConnectionOptions['tls']): ConnectionOptions | undefined {
  if (!tls) return undefined;
  return tls === true ? {} : tls;
}
