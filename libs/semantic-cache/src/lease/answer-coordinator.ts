import { randomUUID } from 'node:crypto';
import { AppError } from '@fleetcache/core';
import type { SemanticCache } from '../semantic-cache';
import type { CacheHit, PreparedQuery } from '../semantic-query';
import type { StoredEntry } from '../store/semantic-entry';
import { promptSignature, signatureConflict } from '../prompt/prompt-signature';

/** What the model produced for a miss. */
export interface Produced {
  answer: string;
  usage: StoredEntry['usage'];
}

/** How a prompt was answered: from the cache (perhaps after waiting for another caller's model call) or the model. */
export type Answered =
  { source: 'cache'; hit: CacheHit; waited: boolean } | { source: 'model'; produced: Produced };

/** A prompt waited its limit for another caller's model call on an equal prompt: 503, retry. */
export class AnswerWaitExceededError extends AppError {
  readonly code = 'ANSWER_IN_PROGRESS';
  readonly kind = 'unavailable' as const;
}

/** A threshold no similarity reaches: the claim of an exact-only prompt waits only for the same prompt. */
const EXACT_ONLY = 2;
/** How often a waiter looks for the answer it waits for, ms. */
const POLL_MS = 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One model call per prompt cluster in the whole fleet, with the stampede lease of the entity cache carried over to
 * prompts: on a miss a caller claims the model call in its partition. The claim (one script on the partition's slot)
 * finds a live lease of an equal prompt (same normalized text) or a similar one (at or above the threshold, same
 * numbers, identifiers and polarity) and then waits for that answer; otherwise it takes a lease, renews it while the
 * model runs, and the write of the answer releases it. A holder that dies loses its lease when it expires, and its
 * waiters claim again. When Redis fails every caller calls the model (fail open).
 */
export class AnswerCoordinator {
  constructor(
    private readonly cache: SemanticCache,
    private readonly leaseTtlMs: number,
    private readonly maxWaitMs: number,
  ) {}

  /** Answers `query` from the cache, or by `produce` (the model) once for the whole cluster of equal prompts. */
  async answer(query: PreparedQuery, produce: () => Promise<Produced>): Promise<Answered> {
    if (this.cache.mode === 'off') return { source: 'model', produced: await produce() };
    const hit = await this.cache.lookup(query);
    if (hit) return { source: 'cache', hit, waited: false };
    const token = randomUUID();
    const deadline = Date.now() + this.maxWaitMs;
    for (;;) {
      const claim = await this.cache.entries.claim(
        query.partition,
        query.entryId,
        token,
        query.vector,
        query.signatureHash,
        // Exact-only prompts wait only for the same prompt: no similarity reaches 2.
        query.semantic ? query.policy.threshold : EXACT_ONLY,
        this.leaseTtlMs,
      );
      if (claim.kind === 'lead') return { source: 'model', produced: await this.lead(query, token, produce) };
      const filled = await this.waitFor(query, claim.entryId, deadline);
      if (filled) return { source: 'cache', hit: filled, waited: true };
      await sleep(POLL_MS); // before claiming again: the holder gave up, or its answer did not pass
      if (Date.now() >= deadline) {
        throw new AnswerWaitExceededError(
          `Another request has been asking the model an equal prompt for over ${this.maxWaitMs} ms; try again shortly`,
        );
      }
    }
  }

  private async lead(
    query: PreparedQuery,
    token: string,
    produce: () => Promise<Produced>,
  ): Promise<Produced> {
    const lease = (expiresAt: number) =>
      this.cache.entries.updateLease(query.partition, query.entryId, token, expiresAt, this.leaseTtlMs);
    const renew = setInterval(
      () => void lease(Date.now() + this.leaseTtlMs),
      Math.max(50, Math.floor(this.leaseTtlMs / 3)),
    );
    // Read before the model call uses the tagged records: an invalidation during the call moves them on.
    const generations = await this.cache.entries.tagGenerations(query.tags ?? []);
    const started = performance.now();
    try {
      const produced = await produce();
      this.cache.metrics.modelCalled();
      this.cache.metrics.stage('model', (performance.now() - started) / 1000);
      await this.cache.store(query, produced.answer, produced.usage, token);
      await this.dropIfInvalidated(query, generations);
      return produced;
    } finally {
      clearInterval(renew);
      await lease(0);
    }
  }

  /** Deletes the answer just stored when one of its tags was invalidated while the model ran (a stale record). */
  private async dropIfInvalidated(query: PreparedQuery, before: readonly string[]): Promise<void> {
    if (before.length === 0) return;
    const after = await this.cache.entries.tagGenerations(query.tags ?? []);
    if (after.some((generation, i) => generation !== before[i] || generation === '?'))
      await this.cache.delete(`${query.partition}.${query.entryId}`);
  }

  /** The answer of the lease `entryId` once written; undefined when its holder gave up or the deadline passed. */
  private async waitFor(
    query: PreparedQuery,
    entryId: string,
    deadline: number,
  ): Promise<CacheHit | undefined> {
    const started = performance.now();
    try {
      while (Date.now() < deadline) {
        const seen = await this.cache.entries.poll(query.partition, entryId);
        if (seen.kind === 'gone') return undefined;
        if (seen.kind === 'filled') return this.accepted(query, seen.entry);
        await sleep(POLL_MS);
      }
      return undefined;
    } finally {
      this.cache.metrics.stage('wait', (performance.now() - started) / 1000);
    }
  }

  /**
   * The answer another prompt's model call produced, if it may serve this one: the same prompt, or one at least the
   * threshold similar (in floats; the lease script compared 8-bit vectors) with no guard against it.
   */
  private async accepted(query: PreparedQuery, entry: StoredEntry): Promise<CacheHit | undefined> {
    if (entry.normalized === query.normalized) return this.cache.served(query, entry, 1);
    const closeness = similarity(query.vector, entry.vector);
    if (!query.semantic || closeness < query.policy.threshold) return undefined;
    if (signatureConflict(query.signature, promptSignature(entry.prompt))) return undefined;
    return this.cache.served(query, entry, closeness);
  }
}

function similarity(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) dot += a[i] * b[i];
  return Math.min(1, dot);
}
