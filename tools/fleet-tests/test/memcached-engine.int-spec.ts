import {
  CACHE_ENGINE,
  EntityCache,
  REDIS_CLIENT,
  type CacheEngine,
  type RedisClient,
} from '@fleetcache/cache';
import { ReplayService } from '@fleetcache/warmer';
import { eventually, fleetEnv, http, start, uniqueEmail, type RunningService } from './support/fleet';

/**
 * The fleet on the Memcached engine (CACHE_ENGINE=memcached): entities are cached in the stack's 3 Memcached
 * nodes, while change events, the warmer's cursors and rankings stay on the Redis Cluster. Pre-warming by the
 * warmer and near-cache invalidation by events work as on Redis.
 */
describe('the fleet with CACHE_ENGINE=memcached', () => {
  const env = fleetEnv({ CACHE_ENGINE: 'memcached' });
  const writerEnv = { ...env, CACHE_KEY_PREFIX: `${env.CACHE_KEY_PREFIX}w` }; // the writer's own write-through apart
  const readerEnv = { ...env, CACHE_NEAR_USER_MS: '60000' }; // a near-cache only events can make fresh in time
  let reader: RunningService;
  let writer: RunningService;
  let products: RunningService;
  let warmer: RunningService;

  beforeAll(async () => {
    [reader, writer, products] = await Promise.all([
      start.users(readerEnv),
      start.users(writerEnv),
      start.products(env),
    ]);
    warmer = await start.warmer(env, { users: reader, products });
    await warmer.app.get(ReplayService).settled();
  });
  afterAll(() => Promise.all([reader, writer, products, warmer].map((s) => s?.close())));

  it('every app caches entities on Memcached, and readiness lists its nodes', async () => {
    for (const svc of [reader, writer, warmer])
      expect(svc.app.get<CacheEngine>(CACHE_ENGINE).name).toBe('memcached');
    const ready = await http(`${reader.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(ready.body.details.memcached).toMatchObject({ status: 'up', down: [] });
    expect(ready.body.details.memcached.nodes).toHaveLength(3);
  });

  it('a user created on the writer is pre-warmed into Memcached by the warmer (not into Redis) and read as a HIT', async () => {
    const created = (
      await http(`${writer.url}/users`, { method: 'POST', body: { name: 'Mem', email: uniqueEmail('mem') } })
    ).body.data;
    const key = reader.app.get(EntityCache).keyOf('user', created.id);
    const engine = warmer.app.get<CacheEngine>(CACHE_ENGINE);
    expect(await eventually(async () => (await engine.read(key)) !== null)).toBe(true);
    expect(await warmer.app.get<RedisClient>(REDIS_CLIENT).exists(key)).toBe(0);
    const read = await http(`${reader.url}/users/${created.id}`);
    expect(read.headers.get('x-cache-status')).toBe('HIT');
    expect(read.body).toMatchObject({ source: 'cache', data: { id: created.id, version: 1 } });
  });

  it("a PATCH on the writer drops the reader's near-cache entry through the change event (Redis pub/sub)", async () => {
    const created = (
      await http(`${writer.url}/users`, {
        method: 'POST',
        body: { name: 'Near', email: uniqueEmail('near') },
      })
    ).body.data;
    expect(
      await eventually(
        async () => (await http(`${reader.url}/users/${created.id}`)).headers.get('x-cache-status') === 'HIT',
      ),
    ).toBe(true);
    // Once the creation event has reached the reader (it drops what the reader held), reads settle on L1.
    expect(
      await eventually(
        async () => (await http(`${reader.url}/users/${created.id}`)).headers.get('x-cache-tier') === 'L1',
      ),
    ).toBe(true);
    await http(`${writer.url}/users/${created.id}`, { method: 'PATCH', body: { city: 'Incheon' } });
    expect(
      await eventually(async () => (await http(`${reader.url}/users/${created.id}`)).body.data.version === 2),
    ).toBe(true);
    expect((await http(`${reader.url}/users/${created.id}`)).body.data.city).toBe('Incheon');
  });
});
