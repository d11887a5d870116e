import type { IndexKind } from './index/partition-indexes';

/** What a tenant may set for its own entries (SEMANTIC_CACHE_TENANTS): its threshold, TTL and bound. */
export interface TenantCachePolicy {
  threshold?: number;
  ttlSeconds?: number;
  maxEntries?: number;
}

/**
 * What the cache matches: `semantic` (equal or similar prompts), `exact` (the same normalized prompt only: the
 * baseline most applications already have), `off` (every prompt goes to the model; nothing is stored).
 */
export type SemanticCacheMode = 'semantic' | 'exact' | 'off';

/** Settings of a {@link SemanticCache}. */
export interface SemanticCacheSettings {
  mode: SemanticCacheMode;
  /** Similarity at or above which a candidate may answer; unset: the embedder's own default. */
  threshold?: number;
  /** How far the best candidate must lead a different second one (else ambiguous: refused). */
  margin: number;
  /** How long an answer is served, s (from when it was made; hits do not extend it). */
  ttlSeconds: number;
  /** Most entries per partition; above it the least recently hit go. */
  maxEntries: number;
  /** Neighbours looked at per lookup. */
  candidates: number;
  /** The nearest-neighbour search of each partition. */
  index: IndexKind;
  /** With `auto`, partitions with fewer entries use exact search. */
  exactBelow: number;
  /** Lifetime of a model-call lease, ms; its holder renews it while the model runs. */
  leaseTtlMs: number;
  /** Longest a prompt waits for another instance's model call, ms, before it fails with 503. */
  maxWaitMs: number;
  /** How often the index is reconciled with Redis (entries missed while events were lost), ms; 0: never. */
  resyncMs: number;
  /**
   * Prompts longer than this (characters) match exactly only: an embedding sums up a long text (a model even cuts
   * it off), so two long prompts that differ in one clause look alike.
   */
  maxSemanticChars: number;
  /** Per-tenant overrides. */
  tenants: Readonly<Record<string, TenantCachePolicy>>;
}

/** The defaults, in one place. */
export const DEFAULT_SEMANTIC_CACHE_SETTINGS: SemanticCacheSettings = {
  mode: 'semantic',
  margin: 0.02,
  ttlSeconds: 86_400,
  maxEntries: 10_000,
  candidates: 4,
  index: 'auto',
  exactBelow: 16_384,
  leaseTtlMs: 10_000,
  maxWaitMs: 60_000,
  resyncMs: 60_000,
  maxSemanticChars: 1000,
  tenants: {},
};

/** The effective policy of one tenant: its overrides over the settings, the embedder's threshold last. */
export function tenantPolicy(
  settings: SemanticCacheSettings,
  tenant: string,
  embedderThreshold: number,
): Required<TenantCachePolicy> {
  const own = settings.tenants[tenant] ?? {};
  return {
    threshold: own.threshold ?? settings.threshold ?? embedderThreshold,
    ttlSeconds: own.ttlSeconds ?? settings.ttlSeconds,
    maxEntries: own.maxEntries ?? settings.maxEntries,
  };
}
