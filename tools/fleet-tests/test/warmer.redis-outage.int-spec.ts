import { EntityCache } from '@fleetcache/cache';
import { LOCAL_STACK_REDIS, StallingProxy } from '@fleetcache/cache/testing';
import { ReplayService } from '@fleetcache/warmer';
import { DataSource } from 'typeorm';
import { eventually, fleetEnv, http, start, uniqueEmail, type RunningService } from './support/fleet';

describe('Redis stalls while writes happen, then comes back', () => {
  const proxy = new StallingProxy(LOCAL_STACK_REDIS.single[0].port);
  let env: Record<string, string>;
  let users: RunningService;
  let products: RunningService;
  let warmer: RunningService;

  beforeAll(async () => {
    const port = await proxy.listen();
    env = fleetEnv({
      REDIS_MODE: 'single',
      REDIS_NODES: `127.0.0.1:${port}`,
      REDIS_COMMAND_TIMEOUT_MS: '100',
    });
    [users, products] = await Promise.all([start.users(env), start.products(env)]);
    warmer = await start.warmer(env, { users, products });
    await warmer.app.get(ReplayService).settled();
  });

  afterAll(async () => {
    await Promise.all([users, products, warmer].map((s) => s?.close()));
    await proxy.close();
  });

  it('keeps accepting writes; the outbox drains and the cache converges to the database', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(
        (
          await http(`${users.url}/users`, {
            method: 'POST',
            body: { name: `Outage ${i}`, email: uniqueEmail('out') },
          })
        ).body.data.id,
      );
    proxy.stall();
    for (const id of ids) {
      expect((await http(`${users.url}/users/${id}`, { method: 'PATCH', body: { age: 50 } })).status).toBe(
        200,
      );
      expect(
        (await http(`${users.url}/users/${id}`, { method: 'PATCH', body: { city: 'Jeju' } })).status,
      ).toBe(200);
    }
    const db = users.app.get(DataSource);
    const pending = async () =>
      Number(
        (
          await db.query(
            "SELECT COUNT(*) AS n FROM event_outbox WHERE source = 'user-service' AND published_at IS NULL",
          )
        )[0].n,
      );
    expect(await pending()).toBeGreaterThan(0); // the relay cannot publish while Redis hangs
    // Readiness is about this process, not its dependencies: the warmer stays in service and says Redis is degraded.
    const ready = await http(`${warmer.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(ready.body.details.redis).toMatchObject({ status: 'up', degraded: true });
    proxy.resume();
    expect(await eventually(async () => (await pending()) === 0, 15_000, 100)).toBe(true);
    const cache = warmer.app.get(EntityCache);
    const converged = await eventually(
      async () => {
        const found = await Promise.all(ids.map((id) => cache.lookup('user', id)));
        return found.every(
          (f) => f.kind === 'hit' && f.entry.version === 3 && JSON.parse(f.entry.json).city === 'Jeju',
        );
      },
      15_000,
      100,
    );
    expect(converged).toBe(true);
    for (const id of ids)
      expect((await http(`${users.url}/users/${id}`)).body.data).toMatchObject({
        version: 3,
        age: 50,
        city: 'Jeju',
      });
  });
});
