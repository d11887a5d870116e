import { Test, type TestingModule } from '@nestjs/testing';
import { CacheModule, EntityCache, type CacheEntry } from '../src/index';
import { testCacheOptions } from '../src/testing';

const entry = (version: number): CacheEntry => ({ version, json: `{"version":${version}}` });

describe('reads disabled (CACHE_READS_ENABLED=false, cluster)', () => {
  let moduleRef: TestingModule;
  let cache: EntityCache;

  beforeAll(async () => {
    const options = testCacheOptions('cluster', { readsEnabled: false });
    moduleRef = await Test.createTestingModule({ imports: [CacheModule.forRoot(options)] }).compile();
    await moduleRef.init();
    cache = moduleRef.get(EntityCache);
  });
  afterAll(() => moduleRef.close());

  it('loads every single read from the loader, even when Redis holds the value', async () => {
    await cache.set('user', 1, entry(1));
    const load = jest.fn(async () => entry(2));
    expect(await cache.getOrLoad('user', 1, load)).toEqual({ entry: entry(2), source: 'database' });
    expect(await cache.getOrLoad('user', 1, load)).toEqual({ entry: entry(2), source: 'database' });
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('loads every id of a batch, and still writes through so re-enabling reads serves fresh data', async () => {
    await cache.set('user', 3, entry(1));
    const loadMany = jest.fn(async (ids: number[]) => new Map(ids.map((id) => [id, entry(5)])));
    const result = await cache.getMany('user', [3, 4], loadMany);
    expect(loadMany).toHaveBeenCalledWith([3, 4]);
    expect(result).toMatchObject({ hits: 0, misses: 2, entries: [entry(5), entry(5)] });
    await cache.set('user', 3, entry(6));
    expect(await cache.lookup('user', 3)).toMatchObject({ kind: 'hit', entry: entry(6) });
  });
});
