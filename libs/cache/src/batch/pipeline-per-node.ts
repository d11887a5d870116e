import type { RedisClient } from '../connection/redis-client.factory';
import type { RedisGuard } from '../guard/redis-guard';
import type { CacheMetrics } from '../metrics/cache-metrics';
import { groupByNode } from './node-groups';

/** One command of a batch: name and arguments, touching the key at the same index. */
export type BatchCommand = [string, ...(string | number)[]];

/**
 * Sends `commands[i]` (which touches `keys[i]`) in one pipeline per master, each through the fail-open guard.
 * Replies come back at their command's index; a failed command or pipeline yields undefined.
 */
export async function pipelinePerNode(
  redis: RedisClient,
  guard: RedisGuard,
  metrics: CacheMetrics,
  op: string,
  keys: readonly string[],
  commands: readonly BatchCommand[],
): Promise<unknown[]> {
  const out: unknown[] = new Array(keys.length).fill(undefined);
  const groups = groupByNode(redis, keys);
  metrics.pipelinesSent(groups.length);
  await Promise.all(
    groups.map(async (group) => {
      const exec = () => redis.pipeline(group.map((i) => [...commands[i]])).exec();
      const results = await guard.run(op, exec, null, keys[group[0]]); // the circuit of this group's master
      results?.forEach(([error, value], j) => (out[group[j]] = error ? undefined : value));
    }),
  );
  return out;
}
