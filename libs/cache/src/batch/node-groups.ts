// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- cluster-key-slot ships no types; this makes them visible to every program that bundles the cache lib
/// <reference path="../types/cluster-key-slot.d.ts" />
import calculateSlot from 'cluster-key-slot';
import { isCluster, type RedisClient } from '../connection/redis-client.factory';

/**
 * Groups key indexes by the Redis master that serves their slot, so a batch sends one pipeline per master
 * (docs/architecture.md, Keys). On a single node everything is one group. Before the slot map is known, keys are grouped by
 * slot, which is always safe.
 */
export function groupByNode(client: RedisClient, keys: readonly string[]): number[][] {
  if (!isCluster(client)) return keys.length > 0 ? [keys.map((_, i) => i)] : [];
  const groups = new Map<string, number[]>();
  keys.forEach((key, index) => {
    const slot = calculateSlot(key);
    // ioredis accepts a pipeline only if all its slots map to the same node list (master and replicas), which can
    // differ between slots of one master for a moment after a MOVED; group by that list, not by the master alone.
    const owner = client.slots[slot]?.join(',') || `slot:${slot}`;
    const group = groups.get(owner);
    if (group) group.push(index);
    else groups.set(owner, [index]);
  });
  return [...groups.values()];
}
