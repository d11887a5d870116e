import { CacheKeys, closeRedisClient, createRedisClient, Rankings } from '@fleetcache/cache';
import { LOCAL_STACK_REDIS } from '@fleetcache/cache/testing';
import { drainAndClose } from '@fleetcache/platform';
import { http, startUserService, uniqueEmail } from './support/user-service.harness';

describe('shutdown order (what SIGTERM runs)', () => {
  it('drains first (readiness 503, requests still served), then flushes what the process holds, then closes', async () => {
    const svc = await startUserService({ SHUTDOWN_DRAIN_MS: '400' });
    const id = (
      await http(`${svc.url}/users`, { method: 'POST', body: { name: 'Last', email: uniqueEmail('stop') } })
    ).body.data.id;
    for (let i = 0; i < 3; i++) expect((await http(`${svc.url}/users/${id}`)).status).toBe(200);
    const ranking = `shutdown-${id}`;
    svc.app.get(Rankings).record(ranking, id, 1); // view counts wait in memory for the next flush
    const shard = svc.app.get(CacheKeys).rankShard(ranking, id % 16);

    const closing = drainAndClose(svc.app);
    await new Promise((r) => setTimeout(r, 50));
    expect((await http(`${svc.url}/health/ready`)).status).toBe(503);
    expect((await http(`${svc.url}/users/${id}`)).status).toBe(200); // still served while draining
    await closing;
    await expect(fetch(`${svc.url}/health/live`)).rejects.toThrow(); // no longer listening

    const redis = createRedisClient({ mode: 'cluster', nodes: LOCAL_STACK_REDIS.cluster });
    try {
      expect(Number(await redis.zscore(shard, String(id)))).toBe(1); // flushed at shutdown, while Redis was open
    } finally {
      await closeRedisClient(redis, { drain: false });
    }
  });
});
