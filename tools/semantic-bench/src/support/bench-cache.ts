import {
  DEFAULT_SEMANTIC_CACHE_SETTINGS,
  SemanticCache,
  type Embedder,
  type SemanticCacheSettings,
} from '@fleetcache/semantic-cache';
import type { BenchRedis } from './bench-redis';

/** The real semantic cache on the benchmark's Redis client, started (its index loaded: empty under a new prefix). */
export async function startBenchCache(
  bench: BenchRedis,
  embedder: Embedder,
  settings: Partial<SemanticCacheSettings> = {},
): Promise<SemanticCache> {
  const cache = new SemanticCache({
    redis: bench.redis,
    guard: bench.guard,
    embedder,
    keyPrefix: bench.keyPrefix,
    // No reconciliation timer and no subscriber: one process, which indexes its own writes.
    settings: { ...DEFAULT_SEMANTIC_CACHE_SETTINGS, resyncMs: 0, ...settings },
  });
  await cache.start();
  return cache;
}

/** Runs `work` for every item with at most `concurrency` at a time (bulk writes keep the cluster's pipes full). */
export async function forEachConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
