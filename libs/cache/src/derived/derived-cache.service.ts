import { Inject, Injectable } from '@nestjs/common';
import { DEFAULT_TOMBSTONE_TTL_SECONDS, REDIS_CLIENT } from '../cache.constants';
import { MODULE_OPTIONS_TOKEN } from '../cache.module-definition';
import type { CacheModuleOptions } from '../cache.options';
import type { RedisClient } from '../connection/redis-client.factory';
import { DERIVED_FIELDS } from '../fencing/derived-scripts';
import { RedisGuard } from '../guard/redis-guard';
import { CacheKeys } from '../keys/cache-keys';
import { CacheMetrics } from '../metrics/cache-metrics';
import { TtlPolicy } from '../ttl/ttl-policy';

/** A computed value and the entity ids it contains (an invalidation of any of them drops it). */
export interface DerivedValue {
  json: string;
  members: readonly number[];
}

/**
 * Cache of derived values (lists computed from many entities, e.g. the trending list). Fills are fenced by a
 * generation: an invalidation that lands while the value is being computed makes the fill a no-op, so a list
 * never outlives a change of one of its members. Fail-open like everything else. Redis only, whatever
 * CACHE_ENGINE says: the generation fence is a Lua script over a hash, which Memcached has no form of.
 */
@Injectable()
export class DerivedCache {
  private readonly keepGenerationMs: number;
  private readonly computing = new Map<string, Promise<{ json: string; source: 'cache' | 'database' }>>();

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    @Inject(MODULE_OPTIONS_TOKEN) options: CacheModuleOptions,
    private readonly keys: CacheKeys,
    private readonly ttl: TtlPolicy,
    private readonly guard: RedisGuard,
    private readonly metrics: CacheMetrics,
  ) {
    this.keepGenerationMs = (options.tombstoneTtlSeconds ?? DEFAULT_TOMBSTONE_TTL_SECONDS) * 1000;
  }

  /**
   * The cached value of `name` (its TTL is the TTL class `ttlClass`'s, e.g. `trending`), or `compute()` filled back when absent. `source` says
   * which. Single flight: concurrent callers in this process share one lookup and, on a miss, one compute.
   */
  getOrCompute(
    name: string,
    ttlClass: string,
    compute: () => Promise<DerivedValue>,
  ): Promise<{ json: string; source: 'cache' | 'database' }> {
    let pending = this.computing.get(name);
    if (!pending) {
      const started = this.lookupOrCompute(name, ttlClass, compute).finally(() => {
        if (this.computing.get(name) === started) this.computing.delete(name); // an invalidation may have replaced it
      });
      this.computing.set(name, (pending = started));
    }
    return pending;
  }

  private async lookupOrCompute(
    name: string,
    ttlClass: string,
    compute: () => Promise<DerivedValue>,
  ): Promise<{ json: string; source: 'cache' | 'database' }> {
    const key = this.keys.derived(name);
    const reply = await this.guard.run(
      'derived-get',
      () => this.redis.hmget(key, DERIVED_FIELDS.generation, DERIVED_FIELDS.data, DERIVED_FIELDS.changeCount),
      null,
      key,
    );
    if (reply && reply[1] !== null && reply[1] !== undefined) {
      this.metrics.lookup(ttlClass, 'hit');
      return { json: String(reply[1]), source: 'cache' };
    }
    this.metrics.lookup(ttlClass, 'miss');
    const generation = Number(reply?.[0] ?? 0);
    const changesSeen = Number(reply?.[2] ?? 0);
    const value = await compute();
    const members = `,${value.members.join(',')},`;
    await this.guard.run(
      'derived-set',
      () =>
        this.redis.fcDerivedSet(key, generation, changesSeen, value.json, members, this.ttl.nextMs(ttlClass)),
      null,
      key,
    );
    return { json: value.json, source: 'database' };
  }

  /** Drops the value of `name`; with `memberId`, only when that entity is in it. Returns whether it dropped. */
  async invalidate(name: string, memberId?: number): Promise<boolean> {
    this.computing.delete(name); // callers from now on must not join a lookup or compute that began before
    const key = this.keys.derived(name);
    const dropped = await this.guard.run(
      'derived-invalidate',
      () =>
        this.redis.fcDerivedInvalidate(
          key,
          memberId === undefined ? '' : String(memberId),
          this.keepGenerationMs,
        ),
      null,
      key,
    );
    return dropped === 1;
  }
}
