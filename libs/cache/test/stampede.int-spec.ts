import { Test, type TestingModule } from '@nestjs/testing';
import {
  CacheKeys,
  CacheModule,
  EntityCache,
  REDIS_CLIENT,
  type CacheEntry,
  type RedisClient,
} from '../src/index';
import { testCacheOptions } from '../src/testing';

const entry: CacheEntry = { version: 1, json: '{"id":1}' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('fleet-wide stampede protection (two instances on the cluster)', () => {
  const options = testCacheOptions('cluster', { stampede: { leaseTtlMs: 400, maxWaitMs: 2000 } });
  let modules: TestingModule[];
  let caches: EntityCache[];
  let nextId = 1;

  beforeAll(async () => {
    modules = await Promise.all(
      [0, 1].map(() => Test.createTestingModule({ imports: [CacheModule.forRoot(options)] }).compile()),
    );
    await Promise.all(modules.map((m) => m.init()));
    caches = modules.map((m) => m.get(EntityCache));
  });
  afterAll(() => Promise.all(modules.map((m) => m.close())));

  it.each(Array.from({ length: 10 }, (_, run) => run + 1))(
    '400 concurrent readers of one cold key on two instances: exactly one load (run %i of 10)',
    async () => {
      const id = nextId++;
      const load = jest.fn(async () => (await sleep(5), entry));
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

  it('a load slower than the lease ttl keeps its lease: 200 readers over two instances, one 4 s load', async () => {
    const id = nextId++;
    const slowOptions = testCacheOptions('cluster', { stampede: { leaseTtlMs: 1000, maxWaitMs: 6000 } });
    slowOptions.keyPrefix = options.keyPrefix;
    const slow = await Promise.all(
      [0, 1].map(() => Test.createTestingModule({ imports: [CacheModule.forRoot(slowOptions)] }).compile()),
    );
    await Promise.all(slow.map((m) => m.init()));
    try {
      const load = jest.fn(async () => (await sleep(4000), entry));
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) => slow[i % 2].get(EntityCache).getOrLoad('user', id, load)),
      );
      expect(load).toHaveBeenCalledTimes(1);
      expect(results.every((r) => r.entry?.version === 1)).toBe(true);
    } finally {
      await Promise.all(slow.map((m) => m.close()));
    }
  });

  it('a waiter that reaches its limit answers LOAD_IN_PROGRESS (503) instead of loading a second time', async () => {
    const id = nextId++;
    const redis = modules[0].get<RedisClient>(REDIS_CLIENT);
    await redis.set(modules[0].get(CacheKeys).lease('user', id), 'live-holder', 'PX', 5000); // a slow, live load
    const load = jest.fn(async () => entry);
    const started = Date.now();
    await expect(caches[1].getOrLoad('user', id, load)).rejects.toMatchObject({ code: 'LOAD_IN_PROGRESS' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(load).not.toHaveBeenCalled();
  });

  it('a crashed lease holder blocks the key only until its lease expires', async () => {
    const id = nextId++;
    const redis = modules[0].get<RedisClient>(REDIS_CLIENT);
    await redis.set(modules[0].get(CacheKeys).lease('user', id), 'crashed-holder', 'PX', 400); // holder died mid-load
    const started = Date.now();
    const result = await caches[1].getOrLoad('user', id, async () => entry);
    const waited = Date.now() - started;
    expect(result).toEqual({ entry, source: 'database' });
    expect(waited).toBeGreaterThanOrEqual(300);
    expect(waited).toBeLessThan(1500);
  });

  it('waiters see an absent entity through the negative entry, without loading', async () => {
    const id = nextId++;
    const load = jest.fn(async () => (await sleep(30), null));
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => caches[i % 2].getOrLoad('user', id, load)),
    );
    expect(load).toHaveBeenCalledTimes(1);
    expect(results.every((r) => r.entry === null)).toBe(true);
  });
});
