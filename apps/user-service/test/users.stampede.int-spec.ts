import { testEnv } from '@fleetcache/platform/testing';
import { DataSource } from 'typeorm';
import { normalizeEmail } from '@fleetcache/user-data-access';
import {
  http,
  metric,
  startUserService,
  uniqueEmail,
  type RunningService,
} from './support/user-service.harness';

describe('stampede protection and negative caching over HTTP (two user-service instances)', () => {
  // One key prefix for both instances; the relay's backstop poll is slowed so its own SELECTs stay out of the count.
  const shared = { CACHE_KEY_PREFIX: testEnv().CACHE_KEY_PREFIX, OUTBOX_POLL_MS: '60000' };
  let a: RunningService;
  let b: RunningService;

  beforeAll(async () => {
    [a, b] = await Promise.all([startUserService(shared), startUserService(shared)]);
    await new Promise((r) => setTimeout(r, 300)); // let the relays' start-up rounds finish
  });
  afterAll(() => Promise.all([a.close(), b.close()]));

  it.each(Array.from({ length: 10 }, (_, run) => run + 1))(
    '1,000 concurrent requests for one cold key over 2 instances make exactly 1 DB query (run %i of 10)',
    async () => {
      const db = a.app.get(DataSource);
      const email = uniqueEmail('cold');
      const { insertId } = await db.query(
        'INSERT INTO users (name, email, email_normalized) VALUES (?, ?, ?)',
        ['Cold', email, normalizeEmail(email)],
      );
      const loadsBefore = await metric(a.internalUrl, 'fleetcache_cache_loads_total', { entity: 'user' });
      const selectsBefore = await metric(a.internalUrl, 'fleetcache_db_queries_total', { kind: 'select' });
      const responses = await Promise.all(
        Array.from({ length: 1000 }, (_, i) => http(`${(i % 2 ? a : b).url}/users/${insertId}`)),
      );
      expect(responses.every((r) => r.status === 200 && r.body.data.id === Number(insertId))).toBe(true);
      // Both instances run in this process and share one registry: the deltas count the whole fleet.
      expect((await metric(a.internalUrl, 'fleetcache_cache_loads_total', { entity: 'user' })) - loadsBefore).toBe(1);
      expect((await metric(a.internalUrl, 'fleetcache_db_queries_total', { kind: 'select' })) - selectsBefore).toBe(
        1,
      );
    },
  );

  it('a 404 is cached, so a flood of reads of an absent id reaches MySQL once', async () => {
    const loadsBefore = await metric(a.internalUrl, 'fleetcache_cache_loads_total', { entity: 'user' });
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => http(`${(i % 2 ? a : b).url}/users/2147480000`)),
    );
    expect(responses.every((r) => r.status === 404)).toBe(true);
    expect((await metric(a.internalUrl, 'fleetcache_cache_loads_total', { entity: 'user' })) - loadsBefore).toBe(1);
  });

  it('creating an id drops its negative entry at once (no read-your-insert anomaly)', async () => {
    const db = a.app.get(DataSource);
    let created: { id: number } | undefined;
    for (let attempt = 0; attempt < 5 && !created; attempt++) {
      const [{ next }] = await db.query('SELECT COALESCE(MAX(id), 0) + 1 AS next FROM users');
      expect((await http(`${a.url}/users/${next}`)).status).toBe(404); // now cached as absent on both instances
      const res = await http(`${a.url}/users`, {
        method: 'POST',
        body: { name: 'Late', email: uniqueEmail('late') },
      });
      if (res.body.data.id === Number(next)) created = res.body.data;
    }
    expect(created).toBeDefined();
    const read = await http(`${b.url}/users/${created!.id}`);
    expect(read.status).toBe(200);
    expect(read.body.data).toMatchObject({ id: created!.id, name: 'Late' });
  });
});
