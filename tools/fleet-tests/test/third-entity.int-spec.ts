import { CacheKeys, DerivedCache, REDIS_CLIENT, type RedisClient } from '@fleetcache/cache';
import { startService } from '@fleetcache/entity-api/testing';
import { listenForTest, testEnv } from '@fleetcache/platform/testing';
import { createWarmerApp, ReplayService } from '@fleetcache/warmer';
import { eventually, fleetEnv, http, metric, type RunningService } from './support/fleet';
import { ORDER_ENTITY_TYPE } from './support/order-entity/order.entity-type';
import { ORDER_SERVICE } from './support/order-entity/order.feature';

// A third entity type registered from the test tree, with no change under libs/: its service answers the shared
// routes, its writes publish `order.*` events, and a warmer given its definition applies them.
describe('a third entity type (order), registered without touching a shared lib', () => {
  const env = fleetEnv({ CACHE_TTL_ORDER_SECONDS: '90' });
  // The writer's write-through goes to keys of its own: what the reader finds in the fleet's keys, the warmer wrote.
  const writerEnv = { ...env, CACHE_KEY_PREFIX: `${env.CACHE_KEY_PREFIX}w` };
  let reader: RunningService;
  let writer: RunningService;
  let warmer: RunningService;

  beforeAll(async () => {
    // One after the other: the first one's migrations create the order tables (a fresh database has none).
    writer = await startService(ORDER_SERVICE, writerEnv);
    reader = await startService(ORDER_SERVICE, env);
    const warmerEnv = testEnv({
      ...env,
      WARMER_REPLAY_INTERVAL_MS: '500',
      ORDER_SERVICE_URL: reader.url,
      ORDER_SERVICE_INTERNAL_URL: reader.internalUrl,
    });
    warmer = await listenForTest(await createWarmerApp(warmerEnv, [ORDER_ENTITY_TYPE]), warmerEnv);
    await warmer.app.get(ReplayService).settled();
  });

  afterAll(async () => {
    await Promise.all([reader, writer, warmer].map((s) => s?.close()));
  });

  const readerStatus = async (id: number) => {
    const read = await http(`${reader.url}/orders/${id}`);
    return { cache: read.headers.get('x-cache-status'), version: read.body?.data?.version as number };
  };

  it('write → event → warmer → HIT, with its own TTL variable and its derived value dropped', async () => {
    const created = await http(`${writer.url}/orders`, {
      method: 'POST',
      body: { item: 'tea', quantity: 2 },
    });
    expect(created.status).toBe(201);
    const id = created.body.data.id as number;
    expect(await eventually(async () => (await readerStatus(id)).cache === 'HIT')).toBe(true);
    expect(await readerStatus(id)).toEqual({ cache: 'HIT', version: 1 });

    // CACHE_TTL_ORDER_SECONDS=90 (±10% jitter) reached the warmer's write.
    const redis = warmer.app.get<RedisClient>(REDIS_CLIENT);
    const ttl = await redis.pttl(warmer.app.get(CacheKeys).entity('order', id));
    expect(ttl).toBeGreaterThan(60_000);
    expect(ttl).toBeLessThanOrEqual(99_000);

    const derived = warmer.app.get(DerivedCache);
    const openOrders = (json: string) => async () => ({ json, members: [id] });
    await derived.getOrCompute('open:order', 'openorders', openOrders('["before"]'));
    expect((await derived.getOrCompute('open:order', 'openorders', openOrders('["x"]'))).json).toBe(
      '["before"]',
    );

    const patched = await http(`${writer.url}/orders/${id}`, { method: 'PATCH', body: { quantity: 3 } });
    expect(patched.body.data).toMatchObject({ id, quantity: 3, version: 2 });
    expect(await eventually(async () => (await readerStatus(id)).version === 2)).toBe(true);
    expect(await readerStatus(id)).toEqual({ cache: 'HIT', version: 2 });
    expect((await derived.getOrCompute('open:order', 'openorders', openOrders('["after"]'))).json).toBe(
      '["after"]',
    );
    expect(
      await metric(warmer.internalUrl, 'fleetcache_warmer_events_applied_total', { type: 'order.updated' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('has the shared routes: validation, 404, batch reads, If-Match, delete → tombstone', async () => {
    const bad = await http(`${writer.url}/orders`, {
      method: 'POST',
      body: { item: 'tea', quantity: 0, x: 1 },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.details)).toMatch(/quantity/);
    expect((await http(`${reader.url}/orders/2000000000`)).body).toMatchObject({ code: 'ORDER_NOT_FOUND' });
    const { id } = (
      await http(`${writer.url}/orders`, { method: 'POST', body: { item: 'cup', quantity: 1 } })
    ).body.data as { id: number };
    const batch = await http(`${reader.url}/orders?ids=${id},2000000000`);
    expect(batch.body.data).toEqual([expect.objectContaining({ id, item: 'cup' }), null]);
    const stale = await http(`${writer.url}/orders/${id}`, {
      method: 'DELETE',
      headers: { 'if-match': '"9"' },
    });
    expect(stale.status).toBe(412);
    expect((await http(`${writer.url}/orders/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await eventually(async () => (await http(`${reader.url}/orders/${id}`)).status === 404)).toBe(
      true,
    );
  });
});
