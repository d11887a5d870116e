import {
  entryIdOf,
  normalizePrompt,
  type Embedder,
  type SemanticCache,
  type SemanticQuery,
} from '@fleetcache/semantic-cache';
import { openBenchRedis, uniquePrefix } from '../support/bench-redis';
import { startBenchCache } from '../support/bench-cache';
import { dot } from '../support/random';
import type { PairOutcome } from './confusion';
import { distinctCachedPrompts, type PromptPair } from './prompt-pairs';

/** Every prompt of the benchmark is one tenant's, for one model and parameters: one partition. */
export function benchQuery(prompt: string): SemanticQuery {
  return { prompt, scope: { tenant: 'bench' }, model: 'bench-model', params: { temperature: 0 } };
}

const USAGE = { promptTokens: 10, completionTokens: 20 };

/**
 * Runs the real semantic cache on the Redis Cluster: stores every distinct cached prompt (its answer is its own
 * number), then looks up every asked prompt in the same partition; nothing asked is stored. Entries expire after
 * 15 minutes and the keys are deleted at the end.
 */
export async function cacheOutcomes(
  pairs: readonly PromptPair[],
  embedder: Embedder,
  threshold: number,
): Promise<PairOutcome[]> {
  const bench = openBenchRedis(uniquePrefix('quality'));
  try {
    const cache = await startBenchCache(bench, embedder, { threshold, ttlSeconds: 900, maxEntries: 100_000 });
    const cached = distinctCachedPrompts(pairs);
    // One at a time, in the dataset's order: candidates of equal similarity are ranked by insertion order, so
    // concurrent stores would make the figures vary from run to run (the tiny ONNX model has many ties).
    for (const prompt of cached) await cache.store(await cache.prepare(benchQuery(prompt)), prompt, USAGE);
    const outcomes: PairOutcome[] = [];
    for (const pair of pairs) outcomes.push(await lookupPair(cache, embedder, pair));
    await cache.stop();
    return outcomes;
  } finally {
    await bench.close();
  }
}

async function lookupPair(cache: SemanticCache, embedder: Embedder, pair: PromptPair): Promise<PairOutcome> {
  const query = await cache.prepare(benchQuery(pair.asked));
  const hit = await cache.lookup(query);
  if (hit) {
    const ownEntry = hit.entry.entryId === entryIdOf(normalizePrompt(pair.cached));
    return { pair, answeredBy: hit.entry.prompt, similarity: hit.similarity, ownEntry };
  }
  const [own] = await embedder.embed([pair.cached]);
  return { pair, similarity: dot(query.vector, own), ownEntry: false };
}
