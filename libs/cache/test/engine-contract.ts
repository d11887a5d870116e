import { Socket } from 'node:net';
import { Test, type TestingModule } from '@nestjs/testing';
import {
  CACHE_ENGINE,
  CacheKeys,
  CacheModule,
  EntityCache,
  REDIS_CLIENT,
  type CacheEngine,
  type CacheEntry,
  type CacheModuleOptions,
  type RedisClient,
} from '../src/index';
import type { EngineTarget } from './engine-targets';

const entry = (version: number, name = `v${version}`): CacheEntry => ({
  version,
  json: JSON.stringify({ name, version }),
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startCache(options: CacheModuleOptions): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({ imports: [CacheModule.forRoot(options)] }).compile();
  await moduleRef.init();
  return moduleRef;
}

/**
 * The one contract every engine satisfies (the 6-node Redis Cluster, one Redis, 3 Memcached nodes): the
 * coordinator's guarantees (single flight, fences, tombstones, negative caching, batches with one round trip per
 * node, stale-while-revalidate, the fleet-wide lease) on the engine's own tools.
 */
export function engineContract(target: EngineTarget): void {
  describe(`engine contract (${target.name})`, () => {
    let moduleRef: TestingModule;
    let cache: EntityCache;
    let engine: CacheEngine;
    let nextId = 1;
    const freshId = () => nextId++;

    beforeAll(async () => {
      moduleRef = await startCache(target.options());
      cache = moduleRef.get(EntityCache);
      engine = moduleRef.get(CACHE_ENGINE);
    });

    afterAll(() => moduleRef.close());

    it('runs on the engine it was given', () => {
      expect(cache.engineName).toBe(target.name === 'memcached' ? 'memcached' : 'redis');
    });

    it('misses, loads once, then hits', async () => {
      const id = freshId();
      const load = jest.fn(async () => entry(1));
      expect(await cache.getOrLoad('user', id, load)).toEqual({ entry: entry(1), source: 'database' });
      expect(await cache.getOrLoad('user', id, load)).toMatchObject({ entry: entry(1), source: 'cache' });
      expect(load).toHaveBeenCalledTimes(1);
    });

    it('caches an absent entity briefly, and a real version replaces that at once', async () => {
      const id = freshId();
      const load = jest.fn(async () => null);
      expect(await cache.getOrLoad('user', id, load)).toEqual({ entry: null, source: 'database' });
      expect(await cache.getOrLoad('user', id, load)).toMatchObject({ entry: null, source: 'cache' });
      expect(load).toHaveBeenCalledTimes(1);
      expect(await cache.lookup('user', id)).toEqual({ kind: 'tombstone', version: 0 });
      expect(await engine.remainingTtlMs(cache.keyOf('user', id))).toBeLessThanOrEqual(30_000 + target.ttlResolutionMs);
      expect(await cache.set('user', id, entry(1))).toBe(true); // created: no read-your-insert anomaly
      expect(await cache.lookup('user', id)).toEqual({ kind: 'hit', entry: entry(1) });
    });

    it('single flight: 50 concurrent readers of a cold key run the loader once', async () => {
      const id = freshId();
      const load = jest.fn(() => new Promise<CacheEntry>((resolve) => setTimeout(() => resolve(entry(1)), 30)));
      const results = await Promise.all(Array.from({ length: 50 }, () => cache.getOrLoad('user', id, load)));
      expect(load).toHaveBeenCalledTimes(1);
      expect(results.every((r) => r.entry?.version === 1)).toBe(true);
    });

    it('fenced set never overwrites an equal or newer version', async () => {
      const id = freshId();
      expect(await cache.set('user', id, entry(2))).toBe(true);
      expect(await cache.set('user', id, entry(1))).toBe(false);
      expect(await cache.set('user', id, entry(2, 'other'))).toBe(false);
      expect(await cache.lookup('user', id)).toEqual({ kind: 'hit', entry: entry(2) });
      expect(await cache.set('user', id, entry(3))).toBe(true);
      expect(await cache.lookup('user', id)).toEqual({ kind: 'hit', entry: entry(3) });
    });

    it('concurrent fenced writes of many versions leave the newest', async () => {
      const id = freshId();
      const versions = Array.from({ length: 30 }, (_, i) => i + 1).sort(() => Math.random() - 0.5);
      await Promise.all(versions.map((version) => cache.set('user', id, entry(version))));
      expect(await cache.lookup('user', id)).toEqual({ kind: 'hit', entry: entry(30) });
    });

    it('a write deletes the previous schema version of the key and replaces a value of another shape', async () => {
      const id = freshId();
      const key = cache.keyOf('user', id);
      const previous = key.replace(':v2:', ':v1:');
      await target.putRaw(moduleRef, previous, '{"old":true}'); // what the previous release stored
      await target.putRaw(moduleRef, key, 'not-an-entry'); // a foreign value under the current key
      expect(await cache.set('user', id, entry(2))).toBe(true);
      expect(await engine.read(previous)).toBeNull();
      expect(await cache.lookup('user', id)).toEqual({ kind: 'hit', entry: entry(2) });
      expect(String(await engine.read(key))).toBe(`2:0:${entry(2).json}`);
    });

    it('stale-fill race: a fill of an old version that lands after a write is refused', async () => {
      const id = freshId();
      let release!: (value: CacheEntry) => void;
      const slowLoad = () => new Promise<CacheEntry>((resolve) => (release = resolve));
      const reader = cache.getOrLoad('user', id, slowLoad); // read v1 from the "database"...
      while (!release) await sleep(5); // the reader is loading
      expect(await cache.set('user', id, entry(2))).toBe(true); // ...a writer commits v2 and writes through...
      release(entry(1)); // ...then the reader's fill of v1 arrives.
      expect((await reader).entry?.version).toBe(1);
      expect(await cache.lookup('user', id)).toEqual({ kind: 'hit', entry: entry(2) });
    });

    it('a tombstone answers "absent" and blocks fills of older versions', async () => {
      const id = freshId();
      await cache.set('user', id, entry(4));
      expect(await cache.tombstone('user', id, 5)).toBe(true);
      const load = jest.fn(async () => entry(4));
      expect(await cache.getOrLoad('user', id, load)).toMatchObject({ entry: null, source: 'cache' });
      expect(load).not.toHaveBeenCalled();
      expect(await cache.set('user', id, entry(5))).toBe(false);
      expect(await cache.tombstone('user', id, 4)).toBe(false);
      expect(await cache.set('user', id, entry(6))).toBe(true);
    });

    it('sets a jittered TTL from the entity policy', async () => {
      const id = freshId();
      await cache.set('user', id, entry(1));
      const ttl = await engine.remainingTtlMs(cache.keyOf('user', id));
      expect(ttl).toBeGreaterThan(3600_000 * 0.9 - 5000);
      expect(ttl).toBeLessThanOrEqual(3600_000 * 1.1 + 2 * target.ttlResolutionMs);
    });

    it('keeps a TTL above 30 days (Memcached would read the plain number as a date in 1970)', async () => {
      const days40 = 40 * 24 * 3600;
      const longLived = await startCache({ ...target.options(), ttlSeconds: { user: days40 }, ttlJitter: 0 });
      try {
        const id = freshId();
        const longCache = longLived.get(EntityCache);
        expect(await longCache.set('user', id, entry(1))).toBe(true);
        expect(await longCache.lookup('user', id)).toEqual({ kind: 'hit', entry: entry(1) });
        const ttl = await longLived.get<CacheEngine>(CACHE_ENGINE).remainingTtlMs(longCache.keyOf('user', id));
        expect(Math.abs(ttl - days40 * 1000)).toBeLessThanOrEqual(5000);
      } finally {
        await longLived.close();
      }
    });

    it('caches entities whose key is longer than 250 bytes', async () => {
      const id = `long-${'x'.repeat(300)}-${freshId()}`;
      const other = `${id}-other`;
      expect(await cache.set('user', id, entry(1))).toBe(true);
      expect(await cache.set('user', other, entry(2))).toBe(true);
      expect(await cache.lookup('user', id)).toEqual({ kind: 'hit', entry: entry(1) });
      expect(await cache.lookup('user', other)).toEqual({ kind: 'hit', entry: entry(2) });
      expect(await cache.set('user', id, entry(1))).toBe(false); // still fenced
    });

    it('batch: order, duplicates and nulls kept; misses loaded with one call; one read round trip per node', async () => {
      const ids = Array.from({ length: 24 }, () => freshId());
      await cache.set('user', ids[0], entry(1));
      await cache.tombstone('user', ids[1], 3);
      const absent = ids[2];
      const loadMany = jest.fn(
        async (missing: number[]) => new Map(missing.filter((id) => id !== absent).map((id) => [id, entry(id)])),
      );
      const redis = moduleRef.get<RedisClient>(REDIS_CLIENT);
      const pipeline = jest.spyOn(redis, 'pipeline');
      const writes = jest.spyOn(Socket.prototype, 'write');
      const request = [...ids, ids[5]];
      const result = await cache.getMany('user', request, loadMany);
      expect(loadMany).toHaveBeenCalledTimes(1);
      expect(loadMany.mock.calls[0][0].sort((a, b) => a - b)).toEqual(ids.slice(2));
      expect(result.entries).toEqual([entry(1), null, null, ...ids.slice(3).map((id) => entry(id)), entry(ids[5])]);
      expect(result).toMatchObject({ hits: 2, misses: request.length - 2 });
      const nodes = new Set(request.map((id) => engine.guard.nodeOf(cache.keyOf('user', id)))).size;
      if (target.name !== 'single') expect(nodes).toBeGreaterThanOrEqual(2);
      const batchReads = writes.mock.calls.filter(([data]) => target.isBatchRead(data));
      expect(batchReads).toHaveLength(nodes); // one socket write of all its reads per node
      if (target.name !== 'memcached') expect(pipeline).toHaveBeenCalledTimes(nodes); // and one fill pipeline per master
      pipeline.mockRestore();
      writes.mockRestore();
      const again = await cache.getMany('user', request, loadMany);
      expect(loadMany).toHaveBeenCalledTimes(1); // the absent id is negatively cached too
      expect(again).toMatchObject({ entries: result.entries, hits: request.length, misses: 0 });
    });

    describe('stale-while-revalidate', () => {
      let swr: TestingModule;
      let swrCache: EntityCache;

      beforeAll(async () => {
        swr = await startCache(target.options({ staleAfterSeconds: { user: 1 }, ttlSeconds: { user: 5 } }));
        swrCache = swr.get(EntityCache);
      });
      afterAll(() => swr.close());

      it('serves a value past its soft TTL as stale while exactly one background refresh runs', async () => {
        const id = freshId();
        await swrCache.set('user', id, entry(1));
        expect((await swrCache.getOrLoad('user', id, async () => entry(9))).stale).toBeUndefined();
        await sleep(1100);
        let release!: () => void;
        const load = jest.fn(() => new Promise<CacheEntry>((resolve) => (release = () => resolve(entry(2)))));
        const reads = await Promise.all(Array.from({ length: 20 }, () => swrCache.getOrLoad('user', id, load)));
        expect(reads.every((r) => r.stale === true && r.source === 'cache' && r.entry?.version === 1)).toBe(true);
        for (let i = 0; i < 100 && load.mock.calls.length === 0; i++) await sleep(10);
        await sleep(30);
        expect(load).toHaveBeenCalledTimes(1);
        release();
        await sleep(50);
        expect(await swrCache.getOrLoad('user', id, load)).toMatchObject({ entry: entry(2), source: 'cache' });
      });

      it('a refresh that finds the same version renews freshness; a failing one keeps serving stale until the value is gone', async () => {
        const id = freshId();
        await swrCache.set('user', id, entry(1));
        await sleep(1100);
        await swrCache.getOrLoad('user', id, async () => entry(1)); // stale: revalidates with the same version
        await sleep(50);
        expect((await swrCache.getOrLoad('user', id, async () => entry(1))).stale).toBeUndefined();
        await sleep(1100);
        const failing = async (): Promise<CacheEntry> => {
          throw new Error('database down');
        };
        expect(await swrCache.getOrLoad('user', id, failing)).toMatchObject({ stale: true, entry: entry(1) });
        await swr.get<CacheEngine>(CACHE_ENGINE).delete(swrCache.keyOf('user', id)); // past the hard TTL …
        await sleep(20);
        await expect(swrCache.getOrLoad('user', id, failing)).rejects.toThrow('database down'); // … a miss
      });
    });

    describe('fleet-wide stampede protection (two instances)', () => {
      let instances: TestingModule[];
      let caches: EntityCache[];
      const crashedLeaseMs = Math.max(400, target.ttlResolutionMs);

      beforeAll(async () => {
        const options = target.options({ stampede: { leaseTtlMs: crashedLeaseMs, maxWaitMs: 2000 } });
        instances = [await startCache(options), await startCache(options)];
        caches = instances.map((m) => m.get(EntityCache));
      });
      afterAll(() => Promise.all(instances.map((m) => m.close())));

      it.each([1, 2, 3, 4, 5])('400 concurrent readers of one cold key on two instances: one load (run %i)', async () => {
        const id = freshId();
        const load = jest.fn(async () => (await sleep(5), entry(1)));
        // Staggered arrivals: some callers miss just before the holder's fill and ask for the lease just after it.
        const reads = Array.from({ length: 400 }, async (_, i) => {
          if (i % 4 === 0) await sleep(i % 20);
          return caches[i % 2].getOrLoad('user', id, load);
        });
        const results = await Promise.all(reads);
        expect(load).toHaveBeenCalledTimes(1);
        expect(results.every((r) => r.entry?.version === 1)).toBe(true);
      });

      it('a load slower than the lease ttl keeps its lease: 200 readers over two instances, one 3 s load', async () => {
        const id = freshId();
        const load = jest.fn(async () => (await sleep(3000), entry(1)));
        const slow = [0, 1].map(() => target.options({ stampede: { leaseTtlMs: 1000, maxWaitMs: 6000 } }));
        slow[1].keyPrefix = slow[0].keyPrefix;
        const modules = [await startCache(slow[0]), await startCache(slow[1])];
        try {
          const results = await Promise.all(
            Array.from({ length: 200 }, (_, i) => modules[i % 2].get(EntityCache).getOrLoad('user', id, load)),
          );
          expect(load).toHaveBeenCalledTimes(1);
          expect(results.every((r) => r.entry?.version === 1)).toBe(true);
        } finally {
          await Promise.all(modules.map((m) => m.close()));
        }
      });

      it('a waiter that reaches its limit answers LOAD_IN_PROGRESS (503) instead of loading a second time', async () => {
        const id = freshId();
        const leaseKey = instances[0].get(CacheKeys).lease('user', id);
        expect(await instances[0].get<CacheEngine>(CACHE_ENGINE).takeLease(leaseKey, 'live-holder', 5000)).toBe(true);
        const load = jest.fn(async () => entry(1));
        const started = Date.now();
        await expect(caches[1].getOrLoad('user', id, load)).rejects.toMatchObject({ code: 'LOAD_IN_PROGRESS' });
        expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
        expect(load).not.toHaveBeenCalled();
      });

      it('a crashed lease holder blocks the key only until its lease expires', async () => {
        const id = freshId();
        const leaseKey = instances[0].get(CacheKeys).lease('user', id);
        await instances[0].get<CacheEngine>(CACHE_ENGINE).takeLease(leaseKey, 'crashed-holder', crashedLeaseMs);
        const started = Date.now();
        const result = await caches[1].getOrLoad('user', id, async () => entry(1));
        const waited = Date.now() - started;
        expect(result).toEqual({ entry: entry(1), source: 'database' });
        expect(waited).toBeGreaterThanOrEqual(crashedLeaseMs - 100);
        expect(waited).toBeLessThan(crashedLeaseMs + 1100 + target.ttlResolutionMs);
      });

      it('only its holder renews or releases a lease', async () => {
        const leaseKey = instances[0].get(CacheKeys).lease('user', freshId());
        const leases = instances[0].get<CacheEngine>(CACHE_ENGINE);
        expect(await leases.takeLease(leaseKey, 'a', 5000)).toBe(true);
        expect(await leases.takeLease(leaseKey, 'b', 5000)).toBe(false);
        expect(await leases.renewLease(leaseKey, 'b', 5000)).toBe(false);
        expect(await leases.releaseLease(leaseKey, 'b')).toBe(false);
        expect(await leases.renewLease(leaseKey, 'a', 5000)).toBe(true);
        expect(await leases.releaseLease(leaseKey, 'a')).toBe(true);
        expect(await leases.takeLease(leaseKey, 'b', 5000)).toBe(true);
      });

      it('waiters see an absent entity through the negative entry, without loading', async () => {
        const id = freshId();
        const load = jest.fn(async () => (await sleep(30), null));
        const results = await Promise.all(Array.from({ length: 50 }, (_, i) => caches[i % 2].getOrLoad('user', id, load)));
        expect(load).toHaveBeenCalledTimes(1);
        expect(results.every((r) => r.entry === null)).toBe(true);
      });
    });
  });
}
