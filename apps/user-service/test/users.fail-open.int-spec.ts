import { http, startUserService, uniqueEmail, type RunningService } from './support/user-service.harness';

// Nothing listens on loopback port 1: every Redis connection attempt is refused.
describe.each([
  ['cluster', { REDIS_MODE: 'cluster', REDIS_NODES: '127.0.0.1:1' }],
  ['single', { REDIS_MODE: 'single', REDIS_NODES: '127.0.0.1:1' }],
])('user-service with Redis unreachable (%s)', (_mode, redisEnv) => {
  let svc: RunningService;

  beforeAll(async () => {
    svc = await startUserService({ ...redisEnv, REDIS_COMMAND_TIMEOUT_MS: '100' });
  });
  afterAll(() => svc.close());

  it('still answers reads from the database within a bounded time', async () => {
    const created = await http(`${svc.url}/users`, {
      method: 'POST',
      body: { name: 'No Cache', email: uniqueEmail('nc') },
    });
    expect(created.status).toBe(201);
    for (let i = 0; i < 8; i++) {
      const started = Date.now();
      const read = await http(`${svc.url}/users/${created.body.data.id}`);
      expect(Date.now() - started).toBeLessThan(1500);
      expect(read.status).toBe(200);
      expect(read.body.source).toBe('database');
      expect(read.headers.get('x-cache-status')).toBe('MISS');
    }
  });

  it('still accepts writes and batch reads', async () => {
    const created = await http(`${svc.url}/users`, {
      method: 'POST',
      body: { name: 'Writer', email: uniqueEmail('nc') },
    });
    const id = created.body.data.id;
    const patched = await http(`${svc.url}/users/${id}`, { method: 'PATCH', body: { age: 33 } });
    expect(patched.body.data).toMatchObject({ age: 33, version: 2 });
    const batch = await http(`${svc.url}/users?ids=${id},${id}`);
    expect(batch.status).toBe(200);
    expect(batch.body.data.map((u: { age: number }) => u.age)).toEqual([33, 33]);
    expect((await http(`${svc.url}/users/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await http(`${svc.url}/users/${id}`)).status).toBe(404);
  });

  it('stays ready (fail open) and reports Redis as degraded', async () => {
    const ready = await http(`${svc.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(ready.body.details.redis).toMatchObject({ status: 'up', degraded: true, failOpen: true });
  });
});
