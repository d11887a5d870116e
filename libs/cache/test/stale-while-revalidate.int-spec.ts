import { Test, type TestingModule } from '@nestjs/testing';
import { CacheModule, EntityCache, REDIS_CLIENT, type CacheEntry, type RedisClient } from '../src/index';
import { testCacheOptions } from '../src/testing';

const entry = (version: number): CacheEntry => ({ version, json: `{"version":${version}}` });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('stale-while-revalidate (cluster)', () => {
  let moduleRef: TestingModule;
  let cache: EntityCache;
  let redis: RedisClient;

  beforeAll(async () => {
    const options = testCacheOptions('cluster', { staleAfterSeconds: { user: 1 }, ttlSeconds: { user: 3 } });
    moduleRef = await Test.createTestingModule({ imports: [CacheModule.forRoot(options)] }).compile();
    await moduleRef.init();
    cache = moduleRef.get(EntityCache);
    redis = moduleRef.get(REDIS_CLIENT);
  });
  afterAll(() => moduleRef.close());

  it('serves a value past its soft TTL as stale while exactly one background refresh runs', async () => {
    await cache.set('user', 1, entry(1));
    expect((await cache.getOrLoad('user', 1, async () => entry(9))).stale).toBeUndefined();
    await sleep(1100);
    let release!: () => void;
    const load = jest.fn(() => new Promise<CacheEntry>((resolve) => (release = () => resolve(entry(2)))));
    const reads = await Promise.all(Array.from({ length: 20 }, () => cache.getOrLoad('user', 1, load)));
    expect(reads.every((r) => r.stale === true && r.source === 'cache' && r.entry?.version === 1)).toBe(true);
    for (let i = 0; i < 100 && load.mock.calls.length === 0; i++) await sleep(10);
    await sleep(30);
    expect(load).toHaveBeenCalledTimes(1);
    release();
    await sleep(50);
    const fresh = await cache.getOrLoad('user', 1, load);
    expect(fresh).toMatchObject({ entry: entry(2), source: 'cache' });
  });

  it('a refresh that finds the same version renews freshness; a failing one keeps serving stale until the hard TTL', async () => {
    await cache.set('user', 2, entry(1));
    await sleep(1100);
    await cache.getOrLoad('user', 2, async () => entry(1)); // stale: revalidates with the same version
    await sleep(50);
    expect((await cache.getOrLoad('user', 2, async () => entry(1))).stale).toBeUndefined();
    await sleep(1100);
    const failing = async (): Promise<CacheEntry> => {
      throw new Error('database down');
    };
    expect(await cache.getOrLoad('user', 2, failing)).toMatchObject({ stale: true, entry: entry(1) });
    await redis.pexpire(cache.keyOf('user', 2), 1); // past the hard TTL …
    await sleep(20);
    await expect(cache.getOrLoad('user', 2, failing)).rejects.toThrow('database down'); // … it is a miss
  });
});
