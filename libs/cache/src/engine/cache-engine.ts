import type { CacheGuard } from '../guard/cache-guard';

/** Injection token of the L2 engine entity caching runs on ({@link CacheEngine}). */
export const CACHE_ENGINE = Symbol('fleetcache.cache.engine');

/** The engines the entity cache can run on. */
export const CACHE_ENGINE_NAMES = ['redis', 'memcached'] as const;
export type CacheEngineName = (typeof CACHE_ENGINE_NAMES)[number];

/**
 * One fenced write as the engine stores it: `key` holds `<version>:<staleAt>:<data>` (see `decodeEntry`); empty
 * data is a tombstone of that version.
 */
export interface StoredWrite {
  key: string;
  /** The same entity's key under the previous schema version, deleted by the write; equal to `key` when none. */
  previousKey: string;
  version: number;
  /** Serialised value; '' for a tombstone. */
  data: string;
  ttlMs: number;
  /** Soft expiry (stale-while-revalidate), epoch ms; 0 when off. */
  staleAt: number;
}

/** The reply of a fenced write: 1 stored, 0 refused (an equal or newer version is there). */
export type FencedReply = 0 | 1;

/** What taking a key's load lease found: the value someone filled meanwhile, the lease, or another's lease. */
export type LeaseAttempt = { value: Buffer } | 'won' | 'held';

/** What a waiter for another's load sees: the value when it was filled, and whether the lease is still held. */
export interface FillPoll {
  value: Buffer | null;
  leaseHeld: boolean;
}

/** What a probe of an engine's nodes found: every node, and those that did not answer. */
export interface EngineProbe {
  nodes: string[];
  down: string[];
}

/**
 * The L2 store of versioned entities, as the engine-free coordinator (`EntityCache`) needs it. Every guarantee is
 * the engine's to keep with its own tools, and the one contract suite (libs/cache/test/engine-contract) proves it
 * on each:
 * - a fenced write never replaces an equal or newer version (of a value or a tombstone), and an equal version
 *   only renews a value's lifetime and soft expiry;
 * - a lease is taken by at most one caller at a time, and taking it reads the value first, so a caller that
 *   missed just before another's fill reads that fill instead of loading again;
 * - a batch read costs one round trip per node.
 * Single-key methods may reject (the coordinator runs them through {@link guard}); batch methods never reject
 * and run through the guard themselves (per node, or the whole batch), a failed key reading `undefined`.
 */
export interface CacheEngine {
  readonly name: CacheEngineName | 'memory';
  /** The fail-open guard of this engine's calls, with one circuit per node. */
  readonly guard: CacheGuard;
  /** The stored bytes of `key`, or null. */
  read(key: string): Promise<Buffer | null>;
  /** The stored bytes of many keys, one round trip per node; `undefined` where the read failed. Never rejects. */
  readMany(keys: readonly string[]): Promise<(Buffer | null | undefined)[]>;
  /** One fenced write. */
  fencedWrite(write: StoredWrite): Promise<FencedReply>;
  /** Many fenced writes, grouped per node; `undefined` where the write failed. Never rejects. */
  fencedWriteMany(writes: readonly StoredWrite[]): Promise<(FencedReply | undefined)[]>;
  /** Reads `key`; when it is absent, takes `leaseKey` with `token` for `ttlMs` unless another token holds it. */
  acquireLease(key: string, leaseKey: string, token: string, ttlMs: number): Promise<LeaseAttempt>;
  /** Takes `leaseKey` unless anyone holds it (without reading a value): true when taken. */
  takeLease(leaseKey: string, token: string, ttlMs: number): Promise<boolean>;
  /** Extends the lease if `token` still holds it. */
  renewLease(leaseKey: string, token: string, ttlMs: number): Promise<boolean>;
  /** Releases the lease if `token` still holds it (a late holder never frees another's). */
  releaseLease(leaseKey: string, token: string): Promise<boolean>;
  /** The value of `key` and whether `leaseKey` is still held, in one round trip. */
  pollFill(key: string, leaseKey: string): Promise<FillPoll>;
  /** How long `key` still lives, ms: -2 when absent, -1 when it never expires. */
  remainingTtlMs(key: string): Promise<number>;
  /** Deletes `key`. */
  delete(key: string): Promise<void>;
  /** Engines whose nodes the service does not otherwise watch: asks each within `timeoutMs` (readiness details). */
  probe?(timeoutMs: number): Promise<EngineProbe>;
}
