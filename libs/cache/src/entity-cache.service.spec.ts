import { CacheKeys } from './keys/cache-keys';
import { CacheMetrics } from './metrics/cache-metrics';
import { NearCache } from './near/near-cache';
import { TtlPolicy } from './ttl/ttl-policy';
import { EntityCache } from './entity-cache.service';
import type { CacheModuleOptions } from './cache.options';
import type { CacheEntry } from './cache-entry';
import { InMemoryEngine } from './engine/memory/in-memory-engine';

const entry = (version: number): CacheEntry => ({ version, json: `{"v":${version}}` });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function coordinator(engine: InMemoryEngine, options: Partial<CacheModuleOptions> = {}): EntityCache {
  const all = { redis: { mode: 'single', nodes: [] }, ...options } as CacheModuleOptions;
  return new EntityCache(
    engine,
    all,
    new CacheKeys('u'),
    new TtlPolicy(all.ttlSeconds, 0, Math.random, all.staleAfterSeconds),
    new NearCache(all.nearCache ?? {}),
    new CacheMetrics(),
  );
}

describe('EntityCache, the coordinator (on an in-memory engine)', () => {
  let engine: InMemoryEngine;
  let cache: EntityCache;

  beforeEach(() => {
    engine = new InMemoryEngine();
    cache = coordinator(engine);
  });
  afterEach(() => cache.beforeApplicationShutdown());

  it('reads through: a miss loads and fills, the next read hits the engine', async () => {
    const load = jest.fn(async () => entry(1));
    expect(await cache.getOrLoad('user', 1, load)).toEqual({ entry: entry(1), source: 'database' });
    expect(await cache.getOrLoad('user', 1, load)).toEqual({ entry: entry(1), source: 'cache', tier: 'L2' });
    expect(load).toHaveBeenCalledTimes(1);
    expect(String(await engine.read(cache.keyOf('user', 1)))).toBe('1:0:{"v":1}');
  });

  it('fails open: with the engine down reads load from the source and nothing throws', async () => {
    engine.failing = true;
    const load = jest.fn(async () => entry(1));
    expect(await cache.getOrLoad('user', 2, load)).toEqual({ entry: entry(1), source: 'database' });
    expect(await cache.getMany('user', [2, 3], async () => new Map([[2, entry(1)]]))).toMatchObject({
      entries: [entry(1), null],
      misses: 2,
    });
  });

  it('a write that failed is repaired once the engine is back, and its key is read from the source meanwhile', async () => {
    await cache.set('user', 4, entry(1));
    engine.failing = true;
    expect(await cache.set('user', 4, entry(2))).toBe(false);
    engine.failing = false;
    const load = jest.fn(async () => entry(2));
    expect(await cache.getOrLoad('user', 4, load)).toEqual({ entry: entry(2), source: 'database' }); // not the stale v1
    await cache.beforeApplicationShutdown(); // retries the pending repairs now
    expect(await cache.lookup('user', 4)).toEqual({ kind: 'hit', entry: entry(2) });
  });

  it('the near-cache answers without asking the engine', async () => {
    cache = coordinator(engine, { nearCache: { user: { ttlMs: 1000, maxEntries: 10 } } });
    await cache.getOrLoad('user', 5, async () => entry(1));
    await cache.getOrLoad('user', 5, async () => entry(1)); // L2 hit, kept in L1
    const reads = engine.calls.get('read');
    expect(await cache.getOrLoad('user', 5, async () => entry(9))).toMatchObject({
      tier: 'L1',
      entry: entry(1),
    });
    expect(engine.calls.get('read')).toBe(reads);
  });

  it('with reads off, every read goes to the source and the engine is not read', async () => {
    cache = coordinator(engine, { readsEnabled: false });
    const load = jest.fn(async () => entry(1));
    await cache.getOrLoad('user', 6, load);
    await cache.getOrLoad('user', 6, load);
    expect(load).toHaveBeenCalledTimes(2);
    expect(engine.calls.get('read')).toBeUndefined();
  });

  it('a batch caches at most 10 absences, and a later version replaces an absence', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => 100 + i);
    await cache.getMany('user', ids, async () => new Map());
    const stored = await Promise.all(ids.map((id) => cache.lookup('user', id)));
    expect(stored.filter((found) => found.kind === 'tombstone')).toHaveLength(10);
    expect(await cache.set('user', 100, entry(1))).toBe(true);
  });

  it('two instances on one engine: one load per cold key in the fleet (the lease)', async () => {
    const other = coordinator(engine);
    const load = jest.fn(async () => (await sleep(20), entry(1)));
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? other : cache).getOrLoad('user', 7, load)),
    );
    expect(load).toHaveBeenCalledTimes(1);
    expect(results.every((result) => result.entry?.version === 1)).toBe(true);
  });

  it('stale-while-revalidate: past the soft TTL the value is served stale while one refresh replaces it', async () => {
    cache = coordinator(engine, { staleAfterSeconds: { user: 0.05 }, ttlSeconds: { user: 60 } });
    await cache.set('user', 8, entry(1));
    await sleep(80);
    const load = jest.fn(async () => entry(2));
    const reads = await Promise.all([1, 2, 3].map(() => cache.getOrLoad('user', 8, load)));
    expect(reads.every((read) => read.stale && read.entry?.version === 1)).toBe(true);
    await sleep(20);
    expect(load).toHaveBeenCalledTimes(1);
    expect(await cache.lookup('user', 8)).toMatchObject({ kind: 'hit', entry: entry(2) });
  });
});
