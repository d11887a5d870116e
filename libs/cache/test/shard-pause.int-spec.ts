import { Test, type TestingModule } from '@nestjs/testing';
import Redis from 'ioredis';
import calculateSlot from 'cluster-key-slot';
import { CacheModule, EntityCache, REDIS_CLIENT, type CacheEntry, type RedisClient } from '../src/index';
import { testCacheOptions } from '../src/testing';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const entry = (id: number): CacheEntry => ({ version: 1, json: `{"id":${id}}` });

describe('one Redis master paused (its replica not promoted), reads running', () => {
  let module: TestingModule;
  let cache: EntityCache;
  let cluster: Exclude<RedisClient, Redis>;

  beforeAll(async () => {
    module = await Test.createTestingModule({
      imports: [CacheModule.forRoot(testCacheOptions('cluster'))],
    }).compile();
    await module.init();
    cache = module.get(EntityCache);
    cluster = module.get(REDIS_CLIENT);
  });
  afterAll(() => module.close());

  it('keys on the other masters stay HITs; only the paused master’s keys are served from the database', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => i + 1);
    for (const id of ids) await cache.set('user', id, entry(id));
    const masterOf = (id: number) => cluster.slots[calculateSlot(cache.keyOf('user', id))][0];
    const paused = masterOf(ids[0]);
    const [host, port] = paused.split(':');
    const others = ids.filter((id) => masterOf(id) !== paused);
    expect(others.length).toBeGreaterThan(10);

    const pauser = new Redis({ host, port: Number(port), lazyConnect: true });
    await pauser.connect();
    await pauser.client('PAUSE', 3000, 'ALL'); // commands wait; the cluster bus still answers, so no failover
    pauser.disconnect();
    const sources = { others: { cache: 0, database: 0 }, paused: { cache: 0, database: 0 } };
    const until = Date.now() + 2500;
    await Promise.all(
      [0, 1, 2, 3].map(async (reader) => {
        for (let i = reader; Date.now() < until; i++) {
          const id = ids[i % ids.length];
          const result = await cache.getOrLoad('user', id, async () => entry(id));
          sources[masterOf(id) === paused ? 'paused' : 'others'][result.source] += 1;
        }
      }),
    );
    await sleep(600); // the pause ends
    expect(sources.others.cache).toBeGreaterThan(100);
    expect(sources.others.database).toBe(0);
    expect(sources.paused.database).toBeGreaterThan(0); // fail open for the paused shard's keys
  });
});
