import { EntityCache, REDIS_CLIENT, type RedisClient } from '@fleetcache/cache';
import { createChangeEvent, eventChannel, RedisEventPublisher, type ChangeEvent } from '@fleetcache/events';
import { ReplayService } from '@fleetcache/warmer';
import { DataSource } from 'typeorm';
import { eventually, fleetEnv, http, metric, start, uniqueEmail, type RunningService } from './support/fleet';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('cache-warmer with both services on the real Redis Cluster and MariaDB', () => {
  const env = fleetEnv();
  // Writers keep their own write-through out of the fleet's keys: what the readers see there, the warmer put there.
  const writerEnv = { ...env, CACHE_KEY_PREFIX: `${env.CACHE_KEY_PREFIX}w` };
  let users: RunningService;
  let products: RunningService;
  let usersWriter: RunningService;
  let productsWriter: RunningService;
  let warmer: RunningService;

  const cacheOf = () => warmer.app.get(EntityCache);
  const post = async (svc: RunningService, path: string, body: object) =>
    (await http(`${svc.url}${path}`, { method: 'POST', body })).body.data;
  const cachedVersion = async (entity: string, id: number) => {
    const found = await cacheOf().lookup(entity, id);
    return found.kind === 'hit' ? found.entry.version : found.kind === 'tombstone' ? -found.version : 0;
  };

  beforeAll(async () => {
    [users, products, usersWriter, productsWriter] = await Promise.all([
      start.users(env),
      start.products(env),
      start.users(writerEnv),
      start.products(writerEnv),
    ]);
    warmer = await start.warmer(env, { users, products });
    await warmer.app.get(ReplayService).settled();
  });

  afterAll(async () => {
    await Promise.all([users, products, usersWriter, productsWriter, warmer].map((s) => s?.close()));
  });

  it('pre-warms: after a PATCH elsewhere, a reader gets a HIT with the new version within 100 ms, without a DB read', async () => {
    const user = await post(usersWriter, '/users', { name: 'Warm', email: uniqueEmail('warm') });
    expect(
      await eventually(
        async () => (await http(`${users.url}/users/${user.id}`)).headers.get('x-cache-status') === 'HIT',
      ),
    ).toBe(true);
    const patched = await http(`${usersWriter.url}/users/${user.id}`, {
      method: 'PATCH',
      body: { city: 'Ulsan' },
    });
    const acknowledged = Date.now();
    let read = await http(`${users.url}/users/${user.id}`);
    while (read.body.data.version < 2 && Date.now() - acknowledged < 1000)
      read = await http(`${users.url}/users/${user.id}`);
    const elapsed = Date.now() - acknowledged;
    expect(read.headers.get('x-cache-status')).toBe('HIT'); // a HIT runs no loader: no DB read
    expect(read.body).toMatchObject({ source: 'cache', data: { version: 2, city: 'Ulsan' } });
    expect(read.body.data).toEqual(patched.body.data);
    expect(elapsed).toBeLessThan(100);
  });

  it('applies every one of 200 changes made while it was down, after its restart', async () => {
    const userIds = await Promise.all(
      Array.from(
        { length: 10 },
        async (_, i) =>
          (await post(usersWriter, '/users', { name: `Down ${i}`, email: uniqueEmail('down') })).id as number,
      ),
    );
    const productIds = await Promise.all(
      Array.from(
        { length: 10 },
        async (_, i) =>
          (await post(productsWriter, '/products', { name: `Down ${i}`, price: '1.00' })).id as number,
      ),
    );
    await warmer.close();
    for (let round = 0; round < 9; round++) {
      for (const id of userIds)
        await http(`${usersWriter.url}/users/${id}`, { method: 'PATCH', body: { age: round } });
      for (const id of productIds)
        await http(`${productsWriter.url}/products/${id}`, { method: 'PATCH', body: { stock: round } });
    }
    for (const id of [...userIds.slice(0, 10)])
      await http(`${usersWriter.url}/users/${id}`, { method: 'DELETE' });
    for (const id of [...productIds.slice(0, 10)])
      await http(`${productsWriter.url}/products/${id}`, { method: 'PATCH', body: { name: 'last' } }); // 90+90+10+10 = 200
    const restarted = Date.now();
    warmer = await start.warmer(env, { users, products });
    await warmer.app.get(ReplayService).settled();
    console.log(
      `replay after restart: 200 missed changes applied ${Date.now() - restarted} ms after the warmer started`,
    );
    const db = users.app.get(DataSource);
    for (const id of userIds) expect(await cachedVersion('user', id)).toBe(-11); // tombstone of the deletion version
    const rows: { id: number; version: number }[] = await db.query(
      `SELECT id, version FROM products WHERE id IN (${productIds.join(',')})`,
    );
    for (const row of rows) expect(await cachedVersion('product', row.id)).toBe(row.version);
    expect(rows.every((row) => row.version === 11)).toBe(true);
  });

  it('never moves a key backwards on duplicated and reordered events', async () => {
    const client = new RedisEventPublisher({
      redis: { mode: 'cluster', nodes: [{ host: '127.0.0.1', port: 7000 }] },
      prefix: env.EVENTS_CHANNEL_PREFIX,
    });
    const id = 2_000_000_000 + (process.pid % 100_000);
    const event = (version: number, action: 'updated' | 'deleted' = 'updated'): ChangeEvent =>
      createChangeEvent({
        entity: 'user',
        action,
        entityId: id,
        version,
        source: 'test',
        data: { id, version },
      });
    const seen: number[] = [];
    for (const version of [3, 1, 3, 2, 5, 4, 5, 1]) {
      await client.publish(event(version));
      await sleep(15);
      seen.push(await cachedVersion('user', id));
    }
    expect(seen.filter((v) => v > 0)).toEqual([...seen.filter((v) => v > 0)].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(5);
    await client.publish(event(6, 'deleted'));
    await client.publish(event(5));
    expect(await eventually(async () => (await cachedVersion('user', id)) === -6)).toBe(true);
    await sleep(50);
    expect(await cachedVersion('user', id)).toBe(-6);
    await client.close();
  });

  it('counts and logs a malformed message and keeps consuming', async () => {
    const redis = warmer.app.get<RedisClient>(REDIS_CLIENT);
    const invalidBefore = await metric(warmer.internalUrl, 'fleetcache_warmer_events_invalid_total');
    for (const garbage of ['{not json', '{"specVersion":1,"type":"user.updated"}', '[]']) {
      await redis.spublish(eventChannel(env.EVENTS_CHANNEL_PREFIX, 'user', 0), garbage);
    }
    expect(
      await eventually(
        async () =>
          (await metric(warmer.internalUrl, 'fleetcache_warmer_events_invalid_total')) - invalidBefore === 3,
      ),
    ).toBe(true);
    const user = await post(usersWriter, '/users', { name: 'After Garbage', email: uniqueEmail('garbage') });
    expect(await eventually(async () => (await cachedVersion('user', user.id)) === 1)).toBe(true);
  });

  it('warms the most-read keys at start through the services', async () => {
    const ids = await Promise.all(
      Array.from(
        { length: 5 },
        async (_, i) =>
          (await post(productsWriter, '/products', { name: `Hot ${i}`, price: '2.00' })).id as number,
      ),
    );
    for (const id of ids) for (let i = 0; i < 3; i++) await http(`${products.url}/products/${id}`);
    await sleep(1300); // read counts flush every second
    await warmer.close();
    const redis = users.app.get<RedisClient>(REDIS_CLIENT);
    for (const id of ids) await redis.del(users.app.get(EntityCache).keyOf('product', id));
    warmer = await start.warmer({ ...env, WARMER_WARMUP_TOP_N: '1000' }, { users, products });
    expect(
      await eventually(
        async () => (await Promise.all(ids.map((id) => cachedVersion('product', id)))).every((v) => v === 1),
        10_000,
      ),
    ).toBe(true);
    // The replay of the creation events can fill the keys before the warm-up has counted them: wait for its count.
    const warmed = () =>
      metric(warmer.internalUrl, 'fleetcache_warmer_warmup_keys_total', { entity: 'product' });
    expect(await eventually(async () => (await warmed()) >= 5, 10_000)).toBe(true);
  });

  it('serves health and metrics', async () => {
    const ready = await http(`${warmer.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(ready.body.details).toMatchObject({ redis: { status: 'up' } });
    expect(ready.body.details.mysql).toBeUndefined();
    const text = await (await fetch(`${warmer.internalUrl}/metrics`)).text();
    for (const name of [
      'events_received_total',
      'events_applied_total',
      'events_invalid_total',
      'replays_total',
    ])
      expect(text).toContain(`fleetcache_warmer_${name}`);
    expect(text).toContain('fleetcache_warmer_apply_lag_seconds_bucket');
  });
});
