import { CacheKeys, EntityCache, REDIS_CLIENT, type RedisClient } from '@fleetcache/cache';
import { StandaloneRedis } from '@fleetcache/cache/testing';
import { ReplayService } from '@fleetcache/warmer';
import { eventually, fleetEnv, http, start, uniqueEmail, type RunningService } from './support/fleet';

describe('Redis full: a flood of cache entries under volatile-lru eviction', () => {
  let users: RunningService;
  let products: RunningService;
  let warmer: RunningService;
  let redis: RedisClient;
  // A Redis of its own (no other test's keys in it), with the eviction policy of the deployments (k8s, compose).
  const server = new StandaloneRedis();

  beforeAll(async () => {
    await server.start(['--maxmemory-policy', 'volatile-lru']);
    const env = fleetEnv({ REDIS_MODE: 'single', REDIS_NODES: `127.0.0.1:${server.port}` });
    [users, products] = await Promise.all([start.users(env), start.products(env)]);
    warmer = await start.warmer(env, { users, products });
    redis = users.app.get<RedisClient>(REDIS_CLIENT);
  });
  afterAll(async () => {
    await Promise.all([users, products].map((s) => s?.close()));
    await server.stop();
  });

  it('evicts cache entries only: the warmer cursor and a deleted user’s 404 survive', async () => {
    const created = await http(`${users.url}/users`, {
      method: 'POST',
      body: { name: 'Gone', email: uniqueEmail('full') },
    });
    const id = created.body.data.id;
    expect((await http(`${users.url}/users/${id}`, { method: 'DELETE' })).status).toBe(204);
    const replay = warmer.app.get(ReplayService);
    const cursorKey = warmer.app.get(CacheKeys).meta('warmer-cursors');
    expect(await eventually(async () => (await redis.hlen(cursorKey)) > 0, 10_000)).toBe(true);
    await replay.settled();
    await warmer.close(); // the cursor now sits idle: the least recently used key of all
    await new Promise((r) => setTimeout(r, 2500)); // Redis's LRU clock counts whole seconds

    const used = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
    await redis.config('SET', 'maxmemory', String(used + 4 * 2 ** 20));
    const evictedBefore = Number(/evicted_keys:(\d+)/.exec(await redis.info('stats'))![1]);
    const cache = users.app.get(EntityCache);
    const payload = JSON.stringify({ filler: 'x'.repeat(2000) });
    for (let batch = 0; batch < 60; batch++)
      await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          cache.set('user', 1_000_000_000 + batch * 100 + i, { version: 1, json: payload }),
        ),
      );
    const evicted = Number(/evicted_keys:(\d+)/.exec(await redis.info('stats'))![1]) - evictedBefore;
    expect(evicted).toBeGreaterThan(100); // the flood did not fit: Redis evicted

    expect(await redis.hlen(cursorKey)).toBeGreaterThan(0); // no TTL: out of volatile-lru's reach
    expect((await http(`${users.url}/users/${id}`)).status).toBe(404);
  });
});
