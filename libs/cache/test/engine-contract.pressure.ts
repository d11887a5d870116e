import type { TestingModule } from '@nestjs/testing';
import { CACHE_ENGINE, CacheKeys, EntityCache, type CacheEngine, type CacheEntry } from '../src/index';
import { entry, sleep, startCache, until } from './engine-contract.support';
import type { EngineTarget } from './engine-targets';

/** The contract's stale-while-revalidate and fleet-wide lease parts (see engine-contract.ts). */
export function refreshAndLeaseContract(target: EngineTarget, freshId: () => number): void {
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
      expect(reads.every((r) => r.stale === true && r.source === 'cache' && r.entry?.version === 1)).toBe(
        true,
      );
      for (let i = 0; i < 100 && load.mock.calls.length === 0; i++) await sleep(10);
      await sleep(30);
      expect(load).toHaveBeenCalledTimes(1);
      release();
      // Read without a loader: a read that found the refreshed value stale again (a slow machine) would start a
      // refresh with `load`, whose promise nobody releases any more.
      const refreshed = async () => {
        const found = await swrCache.lookup('user', id);
        return found.kind === 'hit' && found.entry.version === 2;
      };
      expect(await until(refreshed)).toBe(true);
      expect(await swrCache.getOrLoad('user', id, async () => entry(2))).toMatchObject({
        entry: entry(2),
        source: 'cache',
      });
    });

    it('a refresh that finds the same version renews freshness; a failing one keeps serving stale until the value is gone', async () => {
      const id = freshId();
      await swrCache.set('user', id, entry(1));
      await sleep(1100);
      await swrCache.getOrLoad('user', id, async () => entry(1)); // stale: revalidates with the same version
      expect(
        await until(
          async () => (await swrCache.getOrLoad('user', id, async () => entry(1))).stale === undefined,
        ),
      ).toBe(true);
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
    // Memcached keeps a lease up to one second longer than asked (whole seconds, rounded up, plus one).
    const maxWaitMs = 2000 + 2 * target.ttlResolutionMs;

    beforeAll(async () => {
      const options = target.options({ stampede: { leaseTtlMs: crashedLeaseMs, maxWaitMs } });
      instances = [await startCache(options), await startCache(options)];
      caches = instances.map((m) => m.get(EntityCache));
    });
    afterAll(() => Promise.all(instances.map((m) => m.close())));

    it.each([1, 2, 3, 4, 5])(
      '400 concurrent readers of one cold key on two instances: one load (run %i)',
      async () => {
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
      },
    );

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
      expect(await instances[0].get<CacheEngine>(CACHE_ENGINE).takeLease(leaseKey, 'live-holder', 5000)).toBe(
        true,
      );
      const load = jest.fn(async () => entry(1));
      const started = Date.now();
      await expect(caches[1].getOrLoad('user', id, load)).rejects.toMatchObject({ code: 'LOAD_IN_PROGRESS' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(maxWaitMs - 100);
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
      expect(waited).toBeLessThan(crashedLeaseMs + 1100 + 2 * target.ttlResolutionMs);
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
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => caches[i % 2].getOrLoad('user', id, load)),
      );
      expect(load).toHaveBeenCalledTimes(1);
      expect(results.every((r) => r.entry === null)).toBe(true);
    });
  });
}
