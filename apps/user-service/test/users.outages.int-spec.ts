import { StallingProxy } from '@fleetcache/cache/testing';
import { http, startUserService, uniqueEmail, type RunningService } from './support/user-service.harness';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('user-service through stale data and a MySQL outage', () => {
  const mysql = new StallingProxy(3307);
  let svc: RunningService;

  beforeAll(async () => {
    const port = await mysql.listen();
    svc = await startUserService({
      DB_PORT: String(port),
      CACHE_SWR_USER_SECONDS: '1',
      DB_CONNECT_TIMEOUT_MS: '1000',
    });
  });
  afterAll(async () => {
    await svc.close();
    await mysql.close();
  });

  it('answers STALE past the soft TTL while one refresh runs, then HIT', async () => {
    const id = (
      await http(`${svc.url}/users`, { method: 'POST', body: { name: 'Soft', email: uniqueEmail('swr') } })
    ).body.data.id;
    expect((await http(`${svc.url}/users/${id}`)).headers.get('x-cache-status')).toBe('HIT');
    await sleep(1100);
    const stale = await http(`${svc.url}/users/${id}`);
    expect(stale.headers.get('x-cache-status')).toBe('STALE');
    expect(stale.body).toMatchObject({ source: 'cache', data: { id, name: 'Soft' } });
    await sleep(100);
    expect((await http(`${svc.url}/users/${id}`)).headers.get('x-cache-status')).toBe('HIT');
  });

  it('with MySQL down, cached users (fresh or stale) are served and a miss is a quick 503 with a clear error', async () => {
    const id = (
      await http(`${svc.url}/users`, { method: 'POST', body: { name: 'Cached', email: uniqueEmail('down') } })
    ).body.data.id;
    await mysql.close(); // every connection to MySQL is cut and new ones are refused
    expect((await http(`${svc.url}/users/${id}`)).status).toBe(200);
    await sleep(1100);
    const stale = await http(`${svc.url}/users/${id}`);
    expect(stale.status).toBe(200);
    expect(stale.headers.get('x-cache-status')).toBe('STALE');
    const started = Date.now();
    const miss = await http(`${svc.url}/users/2147470000`);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(miss.status).toBe(503);
    expect(miss.body).toMatchObject({
      code: 'DATABASE_UNAVAILABLE',
      error: expect.stringMatching(/Database unavailable/),
    });
    const write = await http(`${svc.url}/users`, {
      method: 'POST',
      body: { name: 'Nope', email: uniqueEmail('down') },
    });
    expect(write.status).toBe(503);
  });
});
