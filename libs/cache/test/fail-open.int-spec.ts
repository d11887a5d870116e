import { Test, type TestingModule } from '@nestjs/testing';
import { CacheModule, EntityCache, type CacheEntry } from '../src/index';

const entry: CacheEntry = { version: 1, json: '{"id":1}' };

describe.each(['cluster', 'single'] as const)(
  'EntityCache fails open when Redis is unreachable (%s)',
  (mode) => {
    let moduleRef: TestingModule;
    let cache: EntityCache;

    beforeAll(async () => {
      // Port 1 on loopback: nothing listens, every connection attempt is refused.
      const redis = { mode, nodes: [{ host: '127.0.0.1', port: 1 }], commandTimeoutMs: 100 };
      moduleRef = await Test.createTestingModule({ imports: [CacheModule.forRoot({ redis })] }).compile();
      await moduleRef.init();
      cache = moduleRef.get(EntityCache);
    });

    afterAll(() => moduleRef.close());

    it('serves single reads from the loader within a bounded time', async () => {
      for (let i = 0; i < 10; i++) {
        const started = Date.now();
        expect(await cache.getOrLoad('user', 1, async () => entry)).toEqual({ entry, source: 'database' });
        expect(Date.now() - started).toBeLessThan(1000);
      }
    });

    it('serves batch reads from the loader and reports failed writes as not stored', async () => {
      const result = await cache.getMany(
        'user',
        [1, 2],
        async (ids) => new Map(ids.map((id) => [id, { ...entry, version: id }])),
      );
      expect(result.entries.map((e) => e?.version)).toEqual([1, 2]);
      expect(await cache.set('user', 1, entry)).toBe(false);
      expect(await cache.tombstone('user', 1, 2)).toBe(false);
    });
  },
);
