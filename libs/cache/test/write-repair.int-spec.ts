import { Test, type TestingModule } from '@nestjs/testing';
import { CacheModule, EntityCache, type CacheEntry } from '../src/index';
import { LOCAL_STACK_REDIS, StallingProxy } from '../src/testing';

const entry = (version: number): CacheEntry => ({ version, json: `{"version":${version}}` });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('EntityCache when Redis stalls during a write', () => {
  let proxy: StallingProxy;
  let moduleRef: TestingModule;
  let cache: EntityCache;

  beforeAll(async () => {
    proxy = new StallingProxy(LOCAL_STACK_REDIS.single[0].port);
    const port = await proxy.listen();
    const redis = { mode: 'single' as const, nodes: [{ host: '127.0.0.1', port }], commandTimeoutMs: 100 };
    moduleRef = await Test.createTestingModule({
      imports: [
        CacheModule.forRoot({
          redis,
          keyPrefix: `repair${process.pid}`,
          circuitBreaker: { failureThreshold: 2, openMs: 200 },
        }),
      ],
    }).compile();
    await moduleRef.init();
    cache = moduleRef.get(EntityCache);
  });

  afterAll(async () => {
    await moduleRef.close();
    await proxy.close();
  });

  it('never serves the pre-write value, and lands the write once Redis is back', async () => {
    const id = 1;
    await cache.set('user', id, entry(1));
    proxy.stall();
    expect(await cache.set('user', id, entry(2))).toBe(false); // write-through of v2 fails: Redis hangs
    proxy.resume();
    const load = jest.fn(async () => entry(2));
    const read = await cache.getOrLoad('user', id, load); // v1 is still in Redis: it must not be served
    expect(read).toEqual({ entry: entry(2), source: 'database' });
    const batch = await cache.getMany('user', [id], async () => new Map([[id, entry(2)]]));
    expect(batch.entries).toEqual([entry(2)]);
    await sleep(1500); // the repair retries every 500 ms
    expect(await cache.lookup('user', id)).toEqual({ kind: 'hit', entry: entry(2) });
    expect((await cache.getOrLoad('user', id, load)).source).toBe('cache');
  });

  it('a failed tombstone is repaired too: a deleted entity does not come back', async () => {
    const id = 2;
    await cache.set('user', id, entry(1));
    proxy.stall();
    expect(await cache.tombstone('user', id, 2)).toBe(false);
    proxy.resume();
    expect(await cache.getOrLoad('user', id, async () => null)).toEqual({ entry: null, source: 'database' });
    await sleep(1500);
    expect(await cache.lookup('user', id)).toEqual({ kind: 'tombstone', version: 2 });
  });
});
