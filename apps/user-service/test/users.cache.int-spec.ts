import { EntityCache, REDIS_CLIENT, type RedisClient } from '@fleetcache/cache';
import calculateSlot from 'cluster-key-slot';
import { DataSource } from 'typeorm';
import { normalizeEmail } from '@fleetcache/user-data-access';
import {
  http,
  metric,
  startUserService,
  uniqueEmail,
  type RunningService,
} from './support/user-service.harness';

describe('user-service over the real Redis Cluster and MariaDB', () => {
  let svc: RunningService;
  let db: DataSource;

  beforeAll(async () => {
    svc = await startUserService();
    db = svc.app.get(DataSource);
  });
  afterAll(() => svc.close());

  /** Inserts a row behind the service's back, so nothing about it is cached. */
  async function insertRow(name = 'Direct'): Promise<number> {
    const email = uniqueEmail('row');
    const result = await db.query(
      'INSERT INTO users (name, email, email_normalized, age, city) VALUES (?, ?, ?, ?, ?)',
      [name, email, normalizeEmail(email), 40, 'Daegu'],
    );
    return Number(result.insertId);
  }

  it('answers MISS from the database, then HIT from the cache; header, source and ETag agree', async () => {
    const id = await insertRow();
    const first = await http(`${svc.url}/users/${id}`);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-cache-status')).toBe('MISS');
    expect(first.body.source).toBe('database');
    const second = await http(`${svc.url}/users/${id}`);
    expect(second.headers.get('x-cache-status')).toBe('HIT');
    expect(second.body.source).toBe('cache');
    expect(second.body.data).toEqual(first.body.data);
    expect(second.body.data).toMatchObject({ id, name: 'Direct', age: 40, city: 'Daegu', version: 1 });
    expect(Object.keys(second.body.data)).toEqual([
      'id',
      'name',
      'email',
      'age',
      'city',
      'createdAt',
      'updatedAt',
      'version',
    ]);
    expect(second.headers.get('etag')).toBe('"1"');
    expect(second.headers.get('x-response-time')).toMatch(/^\d+(\.\d+)?ms$/);
    expect(typeof second.body.response_time_ms).toBe('number');
  });

  it('PATCH then GET returns the new values and a higher version, with no database read', async () => {
    const created = await http(`${svc.url}/users`, {
      method: 'POST',
      body: { name: 'Patch Me', email: uniqueEmail(), age: 20 },
    });
    expect(created.status).toBe(201);
    const id = created.body.data.id;
    const patched = await http(`${svc.url}/users/${id}`, {
      method: 'PATCH',
      body: { city: 'Ulsan', age: 21 },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.data).toMatchObject({ id, city: 'Ulsan', age: 21, version: 2 });
    const selectsBefore = await metric(svc.internalUrl, 'fleetcache_db_queries_total', { kind: 'select' });
    const read = await http(`${svc.url}/users/${id}`);
    expect(await metric(svc.internalUrl, 'fleetcache_db_queries_total', { kind: 'select' })).toBe(selectsBefore);
    expect(read.headers.get('x-cache-status')).toBe('HIT');
    expect(read.body.data).toEqual(patched.body.data);
    expect(read.headers.get('etag')).toBe('"2"');
  });

  it('DELETE then GET is 404, and no late fill of the old version brings the row back', async () => {
    const id = await insertRow('Doomed');
    const cached = await http(`${svc.url}/users/${id}`);
    expect((await http(`${svc.url}/users/${id}`, { method: 'DELETE' })).status).toBe(204);
    const gone = await http(`${svc.url}/users/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error).toBe('User not found');
    const cache = svc.app.get(EntityCache);
    const lateFill = { version: cached.body.data.version, json: JSON.stringify(cached.body.data) };
    expect(await cache.set('user', id, lateFill)).toBe(false);
    expect((await http(`${svc.url}/users/${id}`)).status).toBe(404);
    expect((await http(`${svc.url}/users/${id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('refuses a stale fill that arrives after a write (the cache keeps the newer version)', async () => {
    const id = await insertRow('Racer');
    const before = await http(`${svc.url}/users/${id}`); // v1 read from the database by some reader...
    await http(`${svc.url}/users/${id}`, { method: 'PATCH', body: { name: 'Racer v2' } }); // ...a write commits v2...
    const cache = svc.app.get(EntityCache);
    const staleFill = { version: 1, json: JSON.stringify(before.body.data) }; // ...then the reader's v1 fill lands.
    expect(await cache.set('user', id, staleFill)).toBe(false);
    const after = await http(`${svc.url}/users/${id}`);
    expect(after.body).toMatchObject({ source: 'cache', data: { name: 'Racer v2', version: 2 } });
  });

  it('batch: ids on several masters, request order, duplicates and nulls preserved, misses loaded with one query', async () => {
    const ids = await Promise.all(Array.from({ length: 8 }, () => insertRow('Batch')));
    const redis = svc.app.get<RedisClient>(REDIS_CLIENT);
    const cache = svc.app.get(EntityCache);
    const masters = new Set(ids.map((id) => (redis as any).slots[calculateSlot(cache.keyOf('user', id))][0]));
    expect(masters.size).toBeGreaterThanOrEqual(2);
    await http(`${svc.url}/users/${ids[0]}`); // one of them cached
    const absent = 2_147_483_000;
    const request = [ids[3], absent, ids[0], ...ids.slice(1, 3), ...ids.slice(4), ids[3]];
    const selectsBefore = await metric(svc.internalUrl, 'fleetcache_db_queries_total', { kind: 'select' });
    const res = await http(`${svc.url}/users?ids=${request.join(',')}`);
    expect(await metric(svc.internalUrl, 'fleetcache_db_queries_total', { kind: 'select' })).toBe(selectsBefore + 1);
    expect(res.status).toBe(200);
    expect(res.body.data.map((u: { id: number } | null) => u?.id ?? null)).toEqual(
      request.map((id) => (id === absent ? null : id)),
    );
    expect(res.body).toMatchObject({ hits: 1, misses: request.length - 1 });
    const again = await http(`${svc.url}/users?ids=${request.join(',')}`);
    expect(again.body).toMatchObject({ hits: request.length, misses: 0 }); // the absent id is negatively cached
    expect(again.body.data).toEqual(res.body.data);
  });

  it('serves health, metrics and the OpenAPI document', async () => {
    expect((await http(`${svc.url}/health/live`)).status).toBe(200);
    const ready = await http(`${svc.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(ready.body.details).toMatchObject({
      mysql: { status: 'up' },
      redis: { status: 'up', mode: 'cluster' },
    });
    expect(
      await metric(svc.internalUrl, 'fleetcache_cache_lookups_total', { entity: 'user', result: 'hit' }),
    ).toBeGreaterThan(0);
    const docs = await fetch(`${svc.url}/docs-json`);
    expect(docs.status).toBe(200);
    const paths = Object.keys(((await docs.json()) as { paths: object }).paths);
    expect(paths).toEqual(expect.arrayContaining(['/users/{id}', '/users', '/health/ready']));
    expect(paths.some((p) => p.startsWith('/internal'))).toBe(false);
  });
});
