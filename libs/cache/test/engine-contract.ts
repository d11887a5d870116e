import { Socket } from 'node:net';
import type { TestingModule } from '@nestjs/testing';
import {
  CACHE_ENGINE,
  CacheKeys,
  EntityCache,
  REDIS_CLIENT,
  type CacheEngine,
  type CacheEntry,
  type RedisClient,
} from '../src/index';
import { refreshAndLeaseContract } from './engine-contract.pressure';
import { entry, sleep, startCache } from './engine-contract.support';
import type { EngineTarget } from './engine-targets';

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
    const options = target.options();

    beforeAll(async () => {
      moduleRef = await startCache(options);
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
      const negativeTtl = await engine.remainingTtlMs(cache.keyOf('user', id));
      expect(negativeTtl).toBeGreaterThan(0);
      expect(negativeTtl).toBeLessThanOrEqual(30_000 + 2 * target.ttlResolutionMs);
      expect(await cache.set('user', id, entry(1))).toBe(true); // created: no read-your-insert anomaly
      expect(await cache.lookup('user', id)).toEqual({ kind: 'hit', entry: entry(1) });
    });

    it('single flight: 50 concurrent readers of a cold key run the loader once', async () => {
      const id = freshId();
      const load = jest.fn(
        () => new Promise<CacheEntry>((resolve) => setTimeout(() => resolve(entry(1)), 30)),
      );
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

    it('two instances writing 30 versions of one key at once leave the newest (their races decided by the engine)', async () => {
      const other = await startCache(options); // another instance of the same deployment
      try {
        const id = freshId();
        const writers = [cache, other.get(EntityCache)];
        const versions = Array.from({ length: 30 }, (_, i) => i + 1).sort(() => Math.random() - 0.5);
        const stored = await Promise.all(
          versions.map((version, i) => writers[i % 2].set('user', id, entry(version))),
        );
        expect(await cache.lookup('user', id)).toEqual({ kind: 'hit', entry: entry(30) });
        expect(stored.filter(Boolean).length).toBeGreaterThanOrEqual(1);
      } finally {
        await other.close();
      }
    });

    it('a write deletes the previous schema version of the key and replaces a value of another shape', async () => {
      const id = freshId();
      const key = cache.keyOf('user', id);
      const previous = moduleRef.get(CacheKeys).previousSchemaEntity('user', id);
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
        const ttl = await longLived
          .get<CacheEngine>(CACHE_ENGINE)
          .remainingTtlMs(longCache.keyOf('user', id));
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
        async (missing: number[]) =>
          new Map(missing.filter((id) => id !== absent).map((id) => [id, entry(id)])),
      );
      const redis = moduleRef.get<RedisClient>(REDIS_CLIENT);
      const pipeline = jest.spyOn(redis, 'pipeline');
      const writes = jest.spyOn(Socket.prototype, 'write');
      const request = [...ids, ids[5]];
      const result = await cache.getMany('user', request, loadMany);
      expect(loadMany).toHaveBeenCalledTimes(1);
      expect(loadMany.mock.calls[0][0].sort((a, b) => a - b)).toEqual(ids.slice(2));
      expect(result.entries).toEqual([
        entry(1),
        null,
        null,
        ...ids.slice(3).map((id) => entry(id)),
        entry(ids[5]),
      ]);
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

    refreshAndLeaseContract(target, freshId);
  });
}
