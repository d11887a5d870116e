import { counter, gauge, histogram } from '@fleetcache/core';

/** How a lookup ended. */
export type LookupResult = 'exact' | 'semantic' | 'miss' | 'rejected';

/** Why a candidate similar enough was refused; `below_threshold` is the best candidate of a plain miss. */
export type RejectReason =
  'numbers' | 'identifiers' | 'negation' | 'margin' | 'gone' | 'origin' | 'below_threshold';

/** A timed stage of answering a prompt. */
export type Stage = 'embed' | 'search' | 'fetch' | 'model' | 'wait';

const SIMILARITY_BUCKETS = [
  0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.88, 0.9, 0.92, 0.94, 0.96, 0.98, 0.99, 1,
];
const STAGE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The semantic cache's figures in the default Prometheus registry (GET /metrics of the app using it). */
export class SemanticCacheMetrics {
  private readonly lookups = counter({
    name: 'fleetcache_semantic_lookups_total',
    help: 'Semantic cache lookups by result: exact (same normalized prompt), semantic (a similar prompt passed every guard), miss (nothing similar enough), rejected (similar enough, refused by a guard).',
    labelNames: ['result'],
  });
  private readonly rejections = counter({
    name: 'fleetcache_semantic_rejections_total',
    help: 'Candidates at or above the threshold that were refused, by reason: numbers, identifiers, negation (polarity words), margin (a second candidate too close), gone (expired or deleted), origin (another model, parameters or scope).',
    labelNames: ['reason'],
  });
  private readonly similarity = histogram({
    name: 'fleetcache_semantic_best_similarity',
    help: 'Similarity of the best candidate of each lookup that searched, by outcome (hit, miss): where the two overlap is where the threshold belongs.',
    labelNames: ['outcome'],
    buckets: SIMILARITY_BUCKETS,
  });
  private readonly stages = histogram({
    name: 'fleetcache_semantic_stage_seconds',
    help: "Time of each stage of answering a prompt: embed, search (the in-process index), fetch (Redis), model (the foundation model call), wait (for another instance's model call).",
    labelNames: ['stage'],
    buckets: STAGE_BUCKETS,
  });
  private readonly modelCalls = counter({
    name: 'fleetcache_semantic_model_calls_total',
    help: 'Foundation model calls made on misses (one per prompt cluster in the fleet; waiters make none).',
  });
  private readonly tokensSaved = counter({
    name: 'fleetcache_semantic_tokens_saved_total',
    help: 'Model tokens (prompt + completion) that answers from the cache did not spend.',
  });
  private readonly embedFailures = counter({
    name: 'fleetcache_semantic_embed_failures_total',
    help: 'Prompts the embedder failed on: they were matched exactly only (and went to the model on a miss).',
  });
  private readonly indexEntries = gauge({
    name: 'fleetcache_semantic_index_entries',
    help: "Entries in this instance's nearest-neighbour indexes.",
  });

  lookup(result: LookupResult): void {
    this.lookups.inc({ result });
  }

  rejected(reason: RejectReason): void {
    this.rejections.inc({ reason });
  }

  bestSimilarity(outcome: 'hit' | 'miss', similarity: number): void {
    this.similarity.observe({ outcome }, similarity);
  }

  stage(stage: Stage, seconds: number): void {
    this.stages.observe({ stage }, seconds);
  }

  modelCalled(): void {
    this.modelCalls.inc();
  }

  saved(tokens: number): void {
    if (tokens > 0) this.tokensSaved.inc(tokens);
  }

  embedFailed(): void {
    this.embedFailures.inc();
  }

  indexSize(entries: number): void {
    this.indexEntries.set(entries);
  }
}
