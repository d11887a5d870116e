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

  it('400 concurrent readers of one cold key on two instances: exactly one load', async () => {
    const id = nextId++;
    const load = jest.fn(async () => (await sleep(50), entry));
    const reads = Array.from({ length: 400 }, (_, i) => caches[i % 2].getOrLoad('user', id, load));
    const results = await Promise.all(reads);
    expect(load).toHaveBeenCalledTimes(1);
    expect(results.every((r) => r.entry?.version === 1)).toBe(true);
    expect(results.filter((r) => r.source === 'database')).toHaveLength(200); // the loading instance's callers share its load
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
