import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import {
  DEFAULT_NEGATIVE_FILLS_PER_BATCH,
  DEFAULT_NEGATIVE_TTL_SECONDS,
  DEFAULT_TOMBSTONE_TTL_SECONDS,
} from './cache.constants';
import { MODULE_OPTIONS_TOKEN } from './cache.module-definition';
import type { CacheModuleOptions } from './cache.options';
import {
  decodeEntry,
  MISS,
  type BatchLoader,
  type BatchResult,
  type CacheEntry,
  type CacheLookup,
  type LoadResult,
  type Loader,
} from './cache-entry';
import { CACHE_ENGINE, type CacheEngine, type StoredWrite } from './engine/cache-engine';
import { WriteRepairs, type FencedWrite } from './fencing/write-repairs';
import type { CacheGuard } from './guard/cache-guard';
import { NearCache } from './near/near-cache';
import { LeaseCoordinator } from './stampede/lease-coordinator';
import { CacheKeys } from './keys/cache-keys';
import { CacheMetrics } from './metrics/cache-metrics';
import { TtlPolicy } from './ttl/ttl-policy';

/**
 * The coordinator of entity caching, over any {@link CacheEngine} (Redis Cluster, one Redis, Memcached): the
 * near-cache (L1) in front, single-flight reads, the fleet-wide load lease, stale-while-revalidate, negative
 * caching, batch reads (one round trip per node), fenced writes that never move a key to an older version,
 * versioned tombstones, and the repair of writes that failed. It knows no engine: every engine call goes through
 * the engine's fail-open guard, and when the engine fails, reads fall through to the loader.
 */
@Injectable()
export class EntityCache implements BeforeApplicationShutdown {
  private readonly inflight = new Map<string, Promise<LoadResult>>();
  private readonly revalidating = new Set<string>();
  private readonly repairs = new WriteRepairs((_key, write) => this.retryWrite(write));
  private readonly tombstoneTtlMs: number;
  private readonly negativeTtlMs: number;
  private readonly negativeFillsPerBatch: number;
  private readonly leases?: LeaseCoordinator;
  private readonly readsEnabled: boolean;
  private readonly guard: CacheGuard;

  constructor(
    @Inject(CACHE_ENGINE) private readonly engine: CacheEngine,
    @Inject(MODULE_OPTIONS_TOKEN) options: CacheModuleOptions,
    private readonly keys: CacheKeys,
    private readonly ttl: TtlPolicy,
    private readonly near: NearCache,
    private readonly metrics: CacheMetrics,
  ) {
    this.guard = engine.guard;
    this.tombstoneTtlMs = (options.tombstoneTtlSeconds ?? DEFAULT_TOMBSTONE_TTL_SECONDS) * 1000;
    this.negativeTtlMs = (options.negativeTtlSeconds ?? DEFAULT_NEGATIVE_TTL_SECONDS) * 1000;
    this.negativeFillsPerBatch = DEFAULT_NEGATIVE_FILLS_PER_BATCH;
    this.readsEnabled = options.readsEnabled ?? true;
    this.leases = options.stampede?.disabled ? undefined : new LeaseCoordinator(engine, options.stampede);
  }

  /** The key of an entity (exposed for diagnostics and tests). */
  keyOf(entity: string, id: number | string): string {
    return this.keys.entity(entity, id);
  }

  /** The engine this cache runs on. */
  get engineName(): string {
    return this.engine.name;
  }

  /** Reads what the cache holds for one entity; an engine failure reads as a miss. */
  lookup(entity: string, id: number | string): Promise<CacheLookup> {
    return this.lookupKey(this.keys.entity(entity, id));
  }

  private async lookupKey(key: string): Promise<CacheLookup> {
    return decodeEntry(await this.guard.run('get', () => this.engine.read(key), null, key));
  }

  /**
   * Cache-aside read: a hit (or tombstone) answers from the cache; a miss runs `load` once per key in this process
   * (concurrent callers share it) and fills the cache with a fenced set before answering.
   */
  async getOrLoad(entity: string, id: number | string, load: Loader): Promise<LoadResult> {
    if (!this.readsEnabled) {
      this.metrics.lookup(entity, 'bypass');
      this.metrics.loaded(entity);
      return { entry: await load(), source: 'database' };
    }
    const key = this.keys.entity(entity, id);
    // A write of this key is still to be repaired: the cached value may be stale, so the source answers (once per
    // key in this process: the lease cannot help, it may live on the same unreachable node).
    if (this.repairs.has(key))
      return this.singleFlight(key, async () => ({ entry: await load(), source: 'database' }));
    const near = this.near.get(entity, key);
    if (near) {
      this.metrics.lookup(entity, 'hit_l1');
      return { entry: near, source: 'cache', tier: 'L1' };
    }
    const found = await this.lookupKey(key);
    if (found.kind === 'hit' && found.staleAt !== undefined && found.staleAt < Date.now()) {
      this.metrics.lookup(entity, 'stale');
      this.revalidate(entity, id, load);
      return { entry: found.entry, source: 'cache', stale: true };
    }
    if (found.kind !== 'miss') {
      this.metrics.lookup(entity, 'hit');
      if (found.kind === 'hit') this.near.put(entity, key, found.entry);
      return { entry: found.kind === 'hit' ? found.entry : null, source: 'cache', tier: 'L2' };
    }
    this.metrics.lookup(entity, 'miss');
    const fill = () => this.loadAndFill(entity, id, load);
    return this.singleFlight(key, () =>
      this.leases ? this.leases.run(key, this.keys.lease(entity, id), fill) : fill(),
    );
  }

  /** Runs `run` once per key in this process: callers arriving while it runs share its result. */
  private singleFlight(key: string, run: () => Promise<LoadResult>): Promise<LoadResult> {
    const pending = this.inflight.get(key);
    if (pending) return pending;
    const loading: Promise<LoadResult> = run().finally(() => {
      if (this.inflight.get(key) === loading) this.inflight.delete(key); // a write may have replaced it meanwhile
    });
    this.inflight.set(key, loading);
    return loading;
  }

  /**
   * Batch read: ids are grouped by the node serving them, one round trip per node; all misses are loaded with one
   * call of `loadMany` and filled back. Entries keep request order; absent entities are null.
   */
  async getMany(entity: string, ids: readonly number[], loadMany: BatchLoader): Promise<BatchResult> {
    const unique = [...new Set(ids)];
    const keys = unique.map((id) => this.keys.entity(entity, id));
    const lookups = this.readsEnabled ? await this.readBatch(keys) : keys.map(() => MISS);
    const found = new Map<number, CacheEntry | null>();
    const missing: number[] = [];
    unique.forEach((id, i) => {
      const hit = lookups[i];
      if (hit.kind === 'miss' || this.repairs.has(keys[i])) missing.push(id);
      else found.set(id, hit.kind === 'hit' ? hit.entry : null);
    });
    if (missing.length > 0) {
      this.metrics.loaded(entity);
      const loaded = await loadMany(missing);
      missing.forEach((id) => found.set(id, loaded.get(id) ?? null));
      if (this.readsEnabled) await this.fillBatch(entity, missing, loaded);
    }
    const missed = new Set(missing);
    const misses = ids.filter((id) => missed.has(id)).length;
    this.metrics.lookup(entity, 'hit', ids.length - misses);
    this.metrics.lookup(entity, this.readsEnabled ? 'miss' : 'bypass', misses);
    return { entries: ids.map((id) => found.get(id) ?? null), hits: ids.length - misses, misses };
  }

  /** Whether entity type `entity` has a near-cache (L1) in this process. */
  hasNearCache(entity: string): boolean {
    return this.near.enabled(entity);
  }

  /** Drops a key from this process's near-cache (a change event of `version` arrived for it). */
  forgetNear(entity: string, id: number | string, version?: number): void {
    const key = this.keys.entity(entity, id);
    if (version === undefined) this.near.drop(entity, key);
    else this.near.wrote(entity, key, version); // and refuse older versions a read in flight may still put back
  }

  /** Empties this process's near-cache (its change-event subscription was interrupted). */
  clearNear(): void {
    this.near.clear();
  }

  /** Whether the near-cache may serve: only while its change events arrive (see NearCache.setLive). */
  setNearLive(live: boolean): void {
    this.near.setLive(live);
  }

  /** Fenced set: stores `entry` unless a value or tombstone of an equal or newer version is there. */
  set(entity: string, id: number | string, entry: CacheEntry): Promise<boolean> {
    return this.fencedWrite(this.valueWrite(entity, id, entry));
  }

  /**
   * Replaces the value with a tombstone of `version` (the version the delete produced), so that no fill of an
   * older version can bring the entity back while the tombstone lives.
   */
  tombstone(entity: string, id: number | string, version: number): Promise<boolean> {
    return this.fencedWrite({ entity, id, version, data: '', ttlMs: this.tombstoneTtlMs });
  }

  private async loadAndFill(entity: string, id: number | string, load: Loader): Promise<LoadResult> {
    this.metrics.loaded(entity);
    const entry = await load();
    if (entry) await this.set(entity, id, entry);
    else await this.cacheAbsence(entity, id);
    return { entry, source: 'database' };
  }

  /** One background refresh per stale key in this process, and (lease) in the fleet; failures leave it stale. */
  private revalidate(entity: string, id: number | string, load: Loader): void {
    const key = this.keys.entity(entity, id);
    if (this.revalidating.has(key)) return;
    this.revalidating.add(key);
    const fill = () => this.loadAndFill(entity, id, load);
    const refresh = this.leases ? this.leases.refreshOnce(this.keys.lease(entity, id), fill) : fill();
    void Promise.resolve(refresh)
      .catch(() => undefined) // the database is down: keep serving stale until the hard TTL
      .finally(() => this.revalidating.delete(key));
  }

  /** Negative caching: "does not exist" as a version-0 tombstone, which any real version (≥ 1) replaces. */
  private async cacheAbsence(entity: string, id: number | string): Promise<void> {
    if (this.negativeTtlMs <= 0) return;
    const stored = await this.runFencedSet('negative', this.absenceWrite(entity, id));
    if (stored !== null) this.metrics.fill(entity, 'negative', stored === 1);
  }

  private async fencedWrite(write: FencedWrite): Promise<boolean> {
    const { entity, id, version, data } = write;
    const key = this.keys.entity(entity, id);
    this.inflight.delete(key); // readers arriving from now on must not join a load that started before this write
    this.near.wrote(entity, key, version);
    const result = await this.runFencedSet('set', write);
    if (result === null) {
      this.repairs.add(key, write);
      return false;
    }
    this.metrics.fill(entity, data === '' ? 'tombstone' : 'value', result === 1);
    return result === 1;
  }

  private async retryWrite(write: FencedWrite): Promise<boolean> {
    const result = await this.runFencedSet('repair', write);
    if (result !== null)
      this.metrics.fill(write.entity, write.data === '' ? 'tombstone' : 'value', result === 1);
    return result !== null;
  }

  /** Sends one fenced write through the guard (the circuit of the node serving its key): 1, 0, or null if it failed. */
  private runFencedSet(op: string, write: FencedWrite): Promise<number | null> {
    const stored = this.storedWrite(write);
    return this.guard.run(op, () => this.engine.fencedWrite(stored), null, stored.key);
  }

  /** The write of a value: its TTL drawn from the entity's policy, with its soft expiry when SWR is on. */
  private valueWrite(entity: string, id: number | string, entry: CacheEntry): FencedWrite {
    const ttlMs = this.ttl.nextMs(entity);
    return {
      entity,
      id,
      version: entry.version,
      data: entry.json,
      ttlMs,
      staleAt: this.ttl.staleAtMs(entity),
    };
  }

  /** The write of "does not exist": a version-0 tombstone for the negative TTL. */
  private absenceWrite(entity: string, id: number | string): FencedWrite {
    return { entity, id, version: 0, data: '', ttlMs: this.negativeTtlMs };
  }

  /** `write` as the engine stores it: its key, the key the previous schema version gave it, the values. */
  private storedWrite(write: FencedWrite): StoredWrite {
    const { entity, id, version, data, ttlMs } = write;
    const key = this.keys.entity(entity, id);
    const previousKey = this.keys.previousSchemaEntity(entity, id);
    return { key, previousKey, version, data, ttlMs, staleAt: write.staleAt ?? 0 };
  }

  /** Shutdown, after the HTTP server closed and before the engine does: one last try at the pending write repairs. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.repairs.retryAll();
    this.repairs.stop();
  }

  private async readBatch(keys: string[]): Promise<CacheLookup[]> {
    return (await this.engine.readMany(keys)).map(decodeEntry);
  }

  /**
   * Fills loaded entries, and absence markers for (at most `negativeFillsPerBatch` of) the ids that were not found,
   * in one round trip per node.
   */
  private async fillBatch(entity: string, missing: number[], loaded: Map<number, CacheEntry>): Promise<void> {
    const ids = missing.filter((id) => !this.repairs.has(this.keys.entity(entity, id)));
    let negatives = this.negativeTtlMs > 0 ? this.negativeFillsPerBatch : 0;
    const fills = ids.filter((id) => loaded.has(id) || negatives-- > 0);
    const writes = fills.map((id) => {
      const entry = loaded.get(id);
      return this.storedWrite(entry ? this.valueWrite(entity, id, entry) : this.absenceWrite(entity, id));
    });
    const replies = await this.engine.fencedWriteMany(writes);
    replies.forEach(
      (reply, i) =>
        reply !== undefined &&
        this.metrics.fill(entity, loaded.has(fills[i]) ? 'value' : 'negative', reply === 1),
    );
  }
}
