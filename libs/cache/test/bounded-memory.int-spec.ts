import { Test, type TestingModule } from '@nestjs/testing';
import { CacheKeys, CacheModule, EntityCache, REDIS_CLIENT, Rankings, type RedisClient } from '../src/index';
import { testCacheOptions } from '../src/testing';

describe('what the cache writes stays bounded', () => {
  let module: TestingModule;
  let cache: EntityCache;
  let redis: RedisClient;

  beforeAll(async () => {
    module = await Test.createTestingModule({
      imports: [
        CacheModule.forRoot(
          testCacheOptions('cluster', { rankingShards: 4, rankingKeepPerShard: 3, rankingTrimMs: 3_600_000 }),
        ),
      ],
    }).compile();
    await module.init();
    cache = module.get(EntityCache);
    redis = module.get(REDIS_CLIENT);
  });
  afterAll(() => module.close());

  it('a batch read of 100 absent ids writes at most 10 negative entries', async () => {
    const ids = Array.from({ length: 100 }, (_, i) => 1_900_000_000 + i);
    const result = await cache.getMany('user', ids, async () => new Map());
    expect(result.entries.every((e) => e === null)).toBe(true);
    const cached = await Promise.all(ids.map((id) => cache.lookup('user', id)));
    expect(cached.filter((c) => c.kind !== 'miss')).toHaveLength(10);
  });

  it('ranking shards are trimmed to their top members', async () => {
    const rankings = module.get(Rankings);
    for (let id = 1; id <= 40; id++) for (let n = 0; n < id; n++) rankings.record('reads:bounded', id);
    await rankings.flush();
    await rankings.trim();
    const keys = module.get(CacheKeys);
    const sizes = await Promise.all([0, 1, 2, 3].map((s) => redis.zcard(keys.rankShard('reads:bounded', s))));
    expect(sizes).toEqual([3, 3, 3, 3]);
    expect((await rankings.top('reads:bounded', 3)).map((r) => r.id)).toEqual([40, 39, 38]);
  });
});
