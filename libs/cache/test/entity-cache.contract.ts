import { Socket } from 'node:net';
import { Test, type TestingModule } from '@nestjs/testing';
import calculateSlot from 'cluster-key-slot';
import {
  CacheModule,
  EntityCache,
  REDIS_CLIENT,
  isCluster,
  type CacheEntry,
  type RedisClient,
} from '../src/index';
import { testCacheOptions } from '../src/testing';

const entry = (version: number, name = `v${version}`): CacheEntry => ({
  version,
  json: JSON.stringify({ name, version }),
});

/** The contract every Redis topology must satisfy; run against the 6-node cluster and a single node. */
export function entityCacheContract(mode: 'cluster' | 'single'): void {
  describe(`EntityCache contract (${mode})`, () => {
    let moduleRef: TestingModule;
    let cache: EntityCache;
    let redis: RedisClient;
    let nextId = 1;
    const freshId = () => nextId++;

    beforeAll(async () => {
      moduleRef = await Test.createTestingModule({
        imports: [CacheModule.forRoot(testCacheOptions(mode))],
      }).compile();
      await moduleRef.init();
      cache = moduleRef.get(EntityCache);
      redis = moduleRef.get(REDIS_CLIENT);
    });

    afterAll(() => moduleRef.close());

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
      expect(await redis.pttl(cache.keyOf('user', id))).toBeLessThanOrEqual(30_000);
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

    it('a write deletes the previous schema version of the key and replaces a value of another type', async () => {
      const id = freshId();
      const key = cache.keyOf('user', id);
      const previous = key.replace(':v2:', ':v1:');
      await redis.hset(previous, 'v', '1', 'd', '{"old":true}'); // what the previous release stored
      await redis.hset(key, 'v', '9'); // a foreign value under the current key
      expect(await cache.set('user', id, entry(2))).toBe(true);
      expect(await redis.exists(previous)).toBe(0);
      expect(await cache.lookup('user', id)).toEqual({ kind: 'hit', entry: entry(2) });
      expect(await redis.get(key)).toBe(`2:0:${entry(2).json}`);
    });

    it('stale-fill race: a fill of an old version that lands after a write is refused', async () => {
      const id = freshId();
      let release!: (value: CacheEntry) => void;
      const slowLoad = () => new Promise<CacheEntry>((resolve) => (release = resolve));
      const reader = cache.getOrLoad('user', id, slowLoad); // read v1 from the "database"...
      while (!release) await new Promise((r) => setTimeout(r, 5)); // the reader is loading
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
      const ttl = await redis.pttl(cache.keyOf('user', id));
      expect(ttl).toBeGreaterThan(3600_000 * 0.9 - 5000);
      expect(ttl).toBeLessThanOrEqual(3600_000 * 1.1);
    });

    it('batch: order, duplicates and nulls preserved; misses loaded with one call; one pipeline per master', async () => {
      const ids = Array.from({ length: 24 }, () => freshId());
      await cache.set('user', ids[0], entry(1));
      await cache.tombstone('user', ids[1], 3);
      const absent = ids[2];
      const loadMany = jest.fn(
        async (missing: number[]) =>
          new Map(missing.filter((id) => id !== absent).map((id) => [id, entry(id)])),
      );
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
      const masters = mastersOf(
        redis,
        request.map((id) => cache.keyOf('user', id)),
      );
      if (isCluster(redis)) expect(masters).toBeGreaterThanOrEqual(2);
      const directReads = writes.mock.calls.filter(([data]) =>
        String(data).startsWith('*2\r\n$3\r\nGET\r\n'),
      );
      expect(directReads).toHaveLength(masters); // one socket write of all its GETs per master
      expect(pipeline).toHaveBeenCalledTimes(masters); // and one fill pipeline per master
      pipeline.mockRestore();
      writes.mockRestore();
      const again = await cache.getMany('user', request, loadMany);
      expect(loadMany).toHaveBeenCalledTimes(1); // the absent id is negatively cached too
      expect(again).toMatchObject({ entries: result.entries, hits: request.length, misses: 0 });
    });
  });
}

function mastersOf(redis: RedisClient, keys: string[]): number {
  if (!isCluster(redis)) return 1;
  return new Set(keys.map((key) => redis.slots[calculateSlot(key)][0])).size;
}
