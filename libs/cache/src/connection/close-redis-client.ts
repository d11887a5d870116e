import { Cluster } from 'ioredis';
import type { RedisClient } from './redis-client.factory';

/** What ioredis keeps private but closing a cluster for good needs. */
interface ClusterRefreshInternals {
  isRefreshing: boolean;
  clearNodesRefreshInterval(): void;
  resetNodesRefreshInterval(): void;
}

/**
 * Closes a client for good. `drain` (default): QUIT when it is connected, so in-flight commands finish; else (or
 * when it is not connected) disconnect at once.
 *
 * A cluster client's periodic slot refresh (`slotsRefreshInterval`) re-arms its timer whatever the client's state
 * (ioredis 6): when a refresh that was running at close ends, and when a connect under way at close still ends in
 * `ready` (seen on a loaded machine). Each refresh then fails at once on the empty pool and re-arms again, forever,
 * and the timer keeps the process alive. So the timer is cleared now and again when a running refresh ends, and a
 * closed client arms it no more: its refreshes are dropped (the client serves nothing any more).
 */
export async function closeRedisClient(client: RedisClient, { drain = true } = {}): Promise<void> {
  if (drain && client.status === 'ready') await client.quit().catch(() => client.disconnect());
  else client.disconnect();
  if (client instanceof Cluster) stopSlotRefreshes(client);
}

function stopSlotRefreshes(cluster: Cluster): void {
  const internals = cluster as unknown as ClusterRefreshInternals;
  internals.clearNodesRefreshInterval();
  // A refresh under way only queues this callback, behind the one that re-arms the timer.
  if (internals.isRefreshing) cluster.refreshSlotsCache(() => internals.clearNodesRefreshInterval());
  internals.resetNodesRefreshInterval = () => undefined;
  cluster.refreshSlotsCache = () => undefined;
}
