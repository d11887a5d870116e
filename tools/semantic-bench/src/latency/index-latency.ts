import { PartitionIndexes, type IndexKind } from '@fleetcache/semantic-cache';
import { progress } from '../support/progress';
import { dot, perturbed, randomUnitVector, seededRandom, type Random } from '../support/random';
import { latencySummary, round, type LatencySummary } from '../support/stats';

/** Vector length of the latency benchmark (the common small sentence models'). */
export const LATENCY_DIMENSIONS = 384;
/** Noise added to a stored vector to make a query near it: cosine similarity about 0.89 (a reworded prompt). */
const NEAR_NOISE = 0.5;
/** Searches return this many neighbours, as the cache asks (DEFAULT_SEMANTIC_CACHE_SETTINGS.candidates). */
const K = 4;
const PARTITION = 'bench';

/** One index measurement: which kind, how many vectors, how many queries. */
export interface IndexLatencyOptions {
  size: number;
  kind: IndexKind;
  queries: number;
  seed: number;
  /** With `auto`, partitions below this many entries use exact search (default: the library's). */
  exactBelow: number;
}

/** What one index of `size` random vectors costs to build, hold and search. */
export interface IndexLatency {
  size: number;
  kind: IndexKind;
  /** The search `auto` ended on at this size. */
  effectiveKind: 'exact' | 'hnsw';
  buildMs: number;
  /** PartitionIndexes.memoryBytes(): the library's own estimate. */
  memoryBytes: number;
  /** Process RSS and V8 heap growth over the build (after a GC when --expose-gc is on). */
  rssDeltaBytes: number;
  heapDeltaBytes: number;
  externalDeltaBytes: number;
  gcExposed: boolean;
  /** Queries near a stored vector (its perturbed copy): what a hit searches. */
  near: LatencySummary & { recallAt1: number; meanTrueSimilarity: number };
  /** Fresh random queries with no near neighbour: what a miss searches. */
  far: LatencySummary;
}

/** Builds one index of `size` seeded random unit vectors and times `queries` searches on it. */
export function measureIndex(options: IndexLatencyOptions): IndexLatency {
  const random = seededRandom(options.seed);
  const vectors = Array.from({ length: options.size }, () => randomUnitVector(LATENCY_DIMENSIONS, random));
  const ids = vectors.map((_, i) => `e${i}`);
  const before = memorySnapshot();
  const started = performance.now();
  const indexes = new PartitionIndexes(LATENCY_DIMENSIONS, options.kind, options.exactBelow);
  for (let i = 0; i < vectors.length; i++) indexes.upsert(PARTITION, ids[i], vectors[i]);
  const buildMs = performance.now() - started;
  const after = memorySnapshot();
  progress(`latency: ${options.kind} at ${options.size}: built in ${Math.round(buildMs)} ms`);
  const queryRandom = seededRandom(options.seed + 1);
  return {
    size: options.size,
    kind: options.kind,
    effectiveKind: effectiveKind(options),
    buildMs: round(buildMs, 1),
    memoryBytes: indexes.memoryBytes(),
    rssDeltaBytes: after.rss - before.rss,
    heapDeltaBytes: after.heapUsed - before.heapUsed,
    externalDeltaBytes: after.external - before.external,
    gcExposed: typeof (globalThis as { gc?: () => void }).gc === 'function',
    near: nearSearches(indexes, vectors, ids, options.queries, queryRandom),
    far: farSearches(indexes, Math.max(50, Math.floor(options.queries / 4)), queryRandom),
  };
}

function nearSearches(
  indexes: PartitionIndexes,
  vectors: readonly Float32Array[],
  ids: readonly string[],
  queries: number,
  random: Random,
): IndexLatency['near'] {
  const samples: number[] = [];
  let found = 0;
  let similarity = 0;
  for (let q = 0; q < queries; q++) {
    const source = Math.floor(random() * vectors.length);
    const query = perturbed(vectors[source], NEAR_NOISE, random);
    similarity += dot(query, vectors[source]);
    const started = performance.now();
    const [best] = indexes.search(PARTITION, query, K);
    samples.push(performance.now() - started);
    if (best?.entryId === ids[source]) found++;
  }
  return {
    ...latencySummary(samples),
    recallAt1: round(found / queries, 4),
    meanTrueSimilarity: round(similarity / queries),
  };
}

function farSearches(indexes: PartitionIndexes, queries: number, random: Random): LatencySummary {
  const samples: number[] = [];
  for (let q = 0; q < queries; q++) {
    const query = randomUnitVector(LATENCY_DIMENSIONS, random);
    const started = performance.now();
    indexes.search(PARTITION, query, K);
    samples.push(performance.now() - started);
  }
  return latencySummary(samples);
}

function effectiveKind(options: IndexLatencyOptions): 'exact' | 'hnsw' {
  if (options.kind !== 'auto') return options.kind;
  return options.size >= options.exactBelow ? 'hnsw' : 'exact';
}

function memorySnapshot(): NodeJS.MemoryUsage {
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  return process.memoryUsage();
}
