import { Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { throttle } from '@fleetcache/core';
import type { CacheGuard, RedisClient } from '@fleetcache/cache';
import type { Embedder } from './embed/embedder';
import { SemanticKeys } from './keys/semantic-keys';
import { PartitionIndexes } from './index/partition-indexes';
import { judgeCandidates } from './lookup/candidate-judge';
import { SemanticCacheMetrics, type Stage } from './metrics/semantic-cache-metrics';
import { normalizePrompt } from './prompt/normalize-prompt';
import { promptSignature } from './prompt/prompt-signature';
import { entryIdOf, partitionOf, type AnswerOrigin } from './scope/cache-scope';
import { tenantPolicy, type SemanticCacheSettings } from './semantic-cache.settings';
import { EntryStore } from './store/entry-store';
import type { StoredEntry } from './store/semantic-entry';
import { IndexSync } from './sync/index-sync';
import type { CacheHit, PreparedQuery, SemanticQuery } from './semantic-query';

/** What a {@link SemanticCache} is built on. */
export interface SemanticCacheDeps {
  /** The cluster (or single node) the entries live on. */
  redis: RedisClient;
  /** A sharded-pub/sub subscriber (closed by {@link SemanticCache.stop}); without it, only the reconciliation syncs. */
  subscriber?: RedisClient;
  /** The fail-open wrapper every Redis call goes through. */
  guard: CacheGuard;
  embedder: Embedder;
  settings: SemanticCacheSettings;
  keyPrefix?: string;
  metrics?: SemanticCacheMetrics;
}

/**
 * The semantic cache: answers a prompt with the stored answer of an equal one (same normalized text), or of a
 * similar one that passes every guard (threshold, origin, scope, numbers, identifiers, polarity, margin). Entries
 * live in Redis; each instance searches its own index of their vectors (see {@link IndexSync}).
 */
export class SemanticCache {
  readonly metrics: SemanticCacheMetrics;
  private readonly log = new Logger(SemanticCache.name);
  private readonly logGate = throttle(1000);
  private readonly keys: SemanticKeys;
  private readonly entryStore: EntryStore;
  private readonly indexes: PartitionIndexes;
  private readonly sync: IndexSync;

  constructor(private readonly deps: SemanticCacheDeps) {
    const { redis, guard, embedder, settings } = deps;
    this.metrics = deps.metrics ?? new SemanticCacheMetrics();
    this.keys = new SemanticKeys(deps.keyPrefix);
    this.entryStore = new EntryStore(redis, guard, this.keys);
    this.indexes = new PartitionIndexes(embedder.dimensions, settings.index, settings.exactBelow);
    this.sync = new IndexSync(
      redis,
      deps.subscriber,
      guard,
      this.keys,
      this.entryStore,
      this.indexes,
      settings.resyncMs,
      longestTtlMs(settings),
    );
  }

  /** Loads the index from Redis and follows its changes. */
  async start(): Promise<void> {
    await this.sync.start();
    this.metrics.indexSize(this.indexes.size);
  }

  async stop(): Promise<void> {
    await this.sync.stop();
  }

  /** What the cache matches (settings.mode). */
  get mode(): SemanticCacheSettings['mode'] {
    return this.deps.settings.mode;
  }

  /** The embedder's id: part of every entry's origin. */
  get embedderId(): string {
    return this.deps.embedder.id;
  }

  /** Entries indexed here, and their memory. */
  indexStats(): { entries: number; bytes: number } {
    return { entries: this.indexes.size, bytes: this.indexes.memoryBytes() };
  }

  /**
   * Normalizes, places and embeds a query once, for {@link lookup} and {@link store}. Matching is exact only (no
   * embedding search) in `exact` mode, for prompts longer than `maxSemanticChars`, and when the embedder fails
   * (fail open: logged, counted, and the prompt still gets an exact lookup and the model).
   */
  async prepare(query: SemanticQuery): Promise<PreparedQuery> {
    const origin: AnswerOrigin = {
      embedderId: this.deps.embedder.id,
      model: query.model,
      params: query.params,
    };
    const normalized = normalizePrompt(query.prompt);
    const policy = tenantPolicy(this.deps.settings, query.scope.tenant, this.deps.embedder.defaultThreshold);
    const wanted = this.mode === 'semantic' && query.prompt.length <= this.deps.settings.maxSemanticChars;
    const vector = wanted ? await this.embed(query.prompt) : undefined;
    const signature = promptSignature(query.prompt);
    return {
      ...query,
      origin,
      normalized,
      policy,
      semantic: vector !== undefined,
      vector: vector ?? new Float32Array(this.deps.embedder.dimensions),
      signature,
      partition: partitionOf(query.scope, origin),
      entryId: entryIdOf(normalized),
      // What the lease script compares: the guards' lists (not the words, which rewordings change).
      signatureHash: createHash('sha256')
        .update(JSON.stringify([signature.numbers, signature.identifiers, signature.polarity]))
        .digest('hex')
        .slice(0, 16),
    };
  }

  /** The cached answer for a prepared query, or undefined (a miss; refusals are counted). */
  async lookup(query: PreparedQuery): Promise<CacheHit | undefined> {
    if (this.deps.settings.mode === 'off') return undefined;
    const exact = await this.timed('fetch', this.entryStore.read(query.partition, query.entryId));
    if (exact && exact.normalized === query.normalized && exact.prompt !== undefined)
      return this.hit(query, exact, 1, 'exact');
    if (!query.semantic) {
      this.metrics.lookup('miss');
      return undefined;
    }
    this.metrics.indexSize(this.indexes.size);
    let started = performance.now();
    const candidates = this.indexes.search(query.partition, query.vector, this.deps.settings.candidates);
    this.time('search', started);
    started = performance.now();
    const verdict = await judgeCandidates(
      {
        signature: query.signature,
        scope: query.scope,
        origin: query.origin,
        threshold: query.policy.threshold,
        margin: this.deps.settings.margin,
      },
      candidates,
      (entryId) => this.entryStore.read(query.partition, entryId),
    );
    this.time('fetch', started);
    for (const reason of verdict.rejected) this.metrics.rejected(reason);
    for (const entryId of verdict.gone) this.indexes.remove(query.partition, entryId);
    if (verdict.hit) return this.hit(query, verdict.hit.entry, verdict.hit.similarity, 'semantic');
    this.metrics.lookup(verdict.rejected.some((r) => r !== 'gone') ? 'rejected' : 'miss');
    this.metrics.bestSimilarity('miss', candidates[0]?.similarity ?? 0);
    return undefined;
  }

  /** Stores an answer for a prepared query (the model's), indexes it here and tells the other instances. */
  async store(
    query: PreparedQuery,
    answer: string,
    usage: StoredEntry['usage'],
    leaseToken = '',
  ): Promise<void> {
    if (this.deps.settings.mode === 'off') return;
    const entry = {
      prompt: query.prompt,
      normalized: query.normalized,
      answer,
      embedderId: query.origin.embedderId,
      model: query.model,
      params: query.params,
      scope: query.scope,
      tags: [...(query.tags ?? [])],
      usage,
      createdAt: Date.now(),
    };
    const options = {
      ttlMs: query.policy.ttlSeconds * 1000,
      maxEntries: query.policy.maxEntries,
      leaseToken,
    };
    const evicted = await this.entryStore.write(query.partition, query.entryId, entry, query.vector, options);
    if (!evicted) return;
    this.indexes.upsert(query.partition, query.entryId, query.vector);
    for (const id of evicted) this.indexes.remove(query.partition, id);
    this.metrics.indexSize(this.indexes.size);
    if (query.semantic) await this.sync.published(query.partition, query.entryId, query.vector);
    await this.sync.removed(query.partition, evicted);
  }

  /** Deletes one entry (its reference is `<partition>.<entry>`); true when it existed. */
  async delete(reference: string): Promise<boolean> {
    const [partition, entryId] = reference.split('.');
    if (!partition || !entryId) return false;
    const existed = await this.entryStore.delete(partition, entryId);
    this.indexes.remove(partition, entryId);
    await this.sync.removed(partition, [entryId]);
    return existed;
  }

  /** Deletes every entry tagged `tag` (e.g. `product:42` when product 42 changed); returns how many. */
  async invalidateTag(tag: string): Promise<number> {
    let deleted = 0;
    for (const { partition, entryId } of await this.entryStore.takeTagged(tag)) {
      if (await this.entryStore.delete(partition, entryId)) deleted++;
      this.indexes.remove(partition, entryId);
      await this.sync.removed(partition, [entryId]);
    }
    this.metrics.indexSize(this.indexes.size);
    return deleted;
  }

  /** Reconciles the index with Redis now (tests, and after an outage). */
  reconcile(): Promise<void> {
    return this.sync.reconcile();
  }

  /** The store, for the fleet-wide model-call lease. */
  get entries(): EntryStore {
    return this.entryStore;
  }

  /** Serves an entry found for a query by another way than the lookup (a waiter given its leader's answer). */
  served(query: PreparedQuery, entry: StoredEntry, similarity: number): Promise<CacheHit> {
    return this.hit(query, entry, similarity, entry.normalized === query.normalized ? 'exact' : 'semantic');
  }

  private async hit(
    query: PreparedQuery,
    entry: StoredEntry,
    similarity: number,
    match: CacheHit['match'],
  ): Promise<CacheHit> {
    this.metrics.lookup(match);
    if (match === 'semantic') this.metrics.bestSimilarity('hit', similarity);
    this.metrics.saved(entry.usage.promptTokens + entry.usage.completionTokens);
    await this.entryStore.touch(query.partition, entry.entryId);
    return { match, similarity, entry, reference: `${entry.partition}.${entry.entryId}` };
  }

  /** The prompt's vector, or undefined when the embedder failed (logged at most once a second, counted). */
  private async embed(prompt: string): Promise<Float32Array | undefined> {
    const started = performance.now();
    try {
      const [vector] = await this.deps.embedder.embed([prompt]);
      return vector;
    } catch (error) {
      this.metrics.embedFailed();
      if (this.logGate()) this.log.warn({ msg: 'embedder failed; exact matching only', err: String(error) });
      return undefined;
    } finally {
      this.time('embed', started);
    }
  }

  private async timed<T>(stage: Stage, work: Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work;
    } finally {
      this.time(stage, started);
    }
  }

  private time(stage: Stage, started: number): void {
    this.metrics.stage(stage, (performance.now() - started) / 1000);
  }
}

/** The longest TTL any tenant's entries have, ms: how long a partition can hold entries after its last write. */
function longestTtlMs(settings: SemanticCacheSettings): number {
  const ttls = Object.values(settings.tenants).map((policy) => policy.ttlSeconds ?? 0);
  return Math.max(settings.ttlSeconds, ...ttls) * 1000;
}
