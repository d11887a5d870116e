import { HashingEmbedder, type IndexKind, type SemanticCache } from '@fleetcache/semantic-cache';
import { forEachConcurrently, startBenchCache } from '../support/bench-cache';
import { openBenchRedis, uniquePrefix } from '../support/bench-redis';
import { progress } from '../support/progress';
import { seededRandom, type Random } from '../support/random';
import { latencySummary, round, type LatencySummary } from '../support/stats';
import { benchQuery } from '../quality/quality-run';
import { MAX_TEMPLATE_PROMPTS, rewordedPrompt, storedPrompt, unstoredPrompt } from './prompt-templates';

/** Stores in flight while filling the cache. */
const STORE_CONCURRENCY = 64;

/** The whole lookup of the real cache: embed, exact read, index search, candidate reads (and a hit's touch). */
export interface LookupPathLatency {
  entries: number;
  /** The cache's index setting. */
  index: IndexKind;
  fillMs: number;
  /** The cache's index memory (PartitionIndexes.memoryBytes()): `auto`: exact search at the default sizes. */
  indexBytes: number;
  /** prepare (normalize, embed, signature) + lookup, per query. */
  all: LatencySummary;
  hits: LatencySummary;
  misses: LatencySummary;
  /** lookup alone (Redis reads and the search), per query. */
  lookupOnly: LatencySummary;
  hitRatio: number;
  /** Hits that served another entry than the reworded prompt's own (should be 0). */
  wrongHits: number;
}

/**
 * Fills the real semantic cache (HashingEmbedder, default settings but `index`) with `entries` generated prompts on the Redis
 * Cluster, then times `queries` lookups in one process: half rewordings of stored prompts (semantic hits), half
 * prompts about a place never stored (misses with related entries nearby).
 */
export async function measureLookupPath(
  entries: number,
  queries: number,
  seed: number,
  index: IndexKind = 'auto',
): Promise<LookupPathLatency> {
  if (entries > MAX_TEMPLATE_PROMPTS) throw new Error(`at most ${MAX_TEMPLATE_PROMPTS} generated prompts`);
  const bench = openBenchRedis(uniquePrefix('lookup'));
  try {
    const cache = await startBenchCache(bench, new HashingEmbedder(), {
      ttlSeconds: 900,
      maxEntries: 1_000_000,
      index,
    });
    const started = performance.now();
    await fill(cache, entries);
    const fillMs = performance.now() - started;
    progress(`latency: lookup path: ${entries} entries stored in ${Math.round(fillMs)} ms`);
    const timed = await timeLookups(cache, entries, queries, seededRandom(seed));
    const indexBytes = cache.indexStats().bytes;
    await cache.stop();
    return { entries, index, fillMs: round(fillMs, 0), indexBytes, ...timed };
  } finally {
    await bench.close();
  }
}

async function fill(cache: SemanticCache, entries: number): Promise<void> {
  const indexes = Array.from({ length: entries }, (_, i) => i);
  await forEachConcurrently(indexes, STORE_CONCURRENCY, async (i) => {
    const query = await cache.prepare(benchQuery(storedPrompt(i)));
    await cache.store(query, `answer ${i}`, { promptTokens: 10, completionTokens: 20 });
  });
}

async function timeLookups(
  cache: SemanticCache,
  entries: number,
  queries: number,
  random: Random,
): Promise<Omit<LookupPathLatency, 'entries' | 'index' | 'fillMs' | 'indexBytes'>> {
  const hits: number[] = [];
  const misses: number[] = [];
  const lookupOnly: number[] = [];
  let wrongHits = 0;
  for (let q = 0; q < queries; q++) {
    const index = Math.floor(random() * entries);
    const prompt = q % 2 === 0 ? rewordedPrompt(index) : unstoredPrompt(index);
    const started = performance.now();
    const prepared = await cache.prepare(benchQuery(prompt));
    const looking = performance.now();
    const hit = await cache.lookup(prepared);
    const ended = performance.now();
    lookupOnly.push(ended - looking);
    (hit ? hits : misses).push(ended - started);
    if (hit && (q % 2 === 1 || hit.entry.prompt !== storedPrompt(index))) wrongHits++;
  }
  return {
    all: latencySummary([...hits, ...misses]),
    hits: latencySummary(hits),
    misses: latencySummary(misses),
    lookupOnly: latencySummary(lookupOnly),
    hitRatio: round(hits.length / queries, 4),
    wrongHits,
  };
}
