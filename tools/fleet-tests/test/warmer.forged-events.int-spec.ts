import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EntityCache, REDIS_CLIENT, type RedisClient } from '@fleetcache/cache';
import {
  createChangeEvent,
  DEFAULT_EVENT_PARTITIONS,
  eventChannel,
  partitionOf,
  type ChangeEvent,
  type EventAction,
} from '@fleetcache/events';
import { ReplayService } from '@fleetcache/warmer';
import { eventually, fleetEnv, http, metric, start, uniqueEmail, type RunningService } from './support/fleet';

const INT_MAX = 2 ** 31 - 1;
const INVALID = 'fleetcache_warmer_events_invalid_total';

/** A user event as a forger would write it (createChangeEvent does not validate). */
const forge = (action: EventAction, entityId: number, version: number, data?: Record<string, unknown>) =>
  createChangeEvent({ entity: 'user', action, entityId, version, source: 'forger', data });

/**
 * Forged change events reach the cache-warmer over the real Redis Cluster's sharded pub/sub and through a replay
 * feed: each is dropped, counted by delivery and never applied, and the warmer goes on applying real events.
 */
describe('cache-warmer drops forged change events', () => {
  const env = fleetEnv();
  // The writer keeps its own write-through out of the fleet's keys: what the fleet's cache holds, the warmer put there.
  const writerEnv = { ...env, CACHE_KEY_PREFIX: `${env.CACHE_KEY_PREFIX}w` };
  const farId = 2_000_000_000 + (process.pid % 100_000) * 4;
  /** What the fake user-service replay feed serves: 4 forged events and 1 real-looking one. */
  const replayed: ChangeEvent[] = [
    forge('updated', farId, INT_MAX + 1, { id: farId, version: INT_MAX + 1 }), // would fence out every real write
    forge('updated', 0, 2, { id: 0 }),
    forge('updated', farId, 5, { id: farId + 1, name: 'Not this user' }),
    forge('created', farId, 1_000, { id: farId }),
    forge('updated', farId + 2, 3, { id: farId + 2, name: 'Valid', version: 3 }),
  ];
  let writer: RunningService;
  let products: RunningService;
  let warmer: RunningService;
  let feed: Server;
  let replayInvalidBefore: number;

  const lookup = (id: number) => warmer.app.get(EntityCache).lookup('user', id);
  const cachedVersion = async (id: number) => {
    const found = await lookup(id);
    return found.kind === 'hit' ? found.entry.version : found.kind === 'tombstone' ? -found.version : 0;
  };

  beforeAll(async () => {
    feed = createServer((request, response) => {
      const after = Number(new URL(request.url ?? '/', 'http://feed').searchParams.get('after'));
      const events = replayed
        .map((event, i) => ({ position: i + 1, event }))
        .filter((e) => e.position > after);
      const next = Math.max(after, replayed.length);
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ events, next, head: next }));
    });
    await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
    const feedUrl = `http://127.0.0.1:${(feed.address() as AddressInfo).port}`;
    [writer, products] = await Promise.all([start.users(writerEnv), start.products(env)]);
    replayInvalidBefore = await metric(writer.internalUrl, INVALID, { delivery: 'replay' });
    warmer = await start.warmer(env, { users: { ...writer, internalUrl: feedUrl }, products });
    await warmer.app.get(ReplayService).settled();
  });

  afterAll(async () => {
    await Promise.all([writer, products, warmer].map((s) => s?.close()));
    await new Promise((resolve) => feed?.close(resolve));
  });

  it('from a replay feed: drops and counts the forged events, applies the valid one', async () => {
    // The first round may fail while the cluster connection comes up (it is retried every 500 ms): wait for it.
    const replayInvalid = async () =>
      (await metric(warmer.internalUrl, INVALID, { delivery: 'replay' })) - replayInvalidBefore;
    expect(await eventually(async () => (await replayInvalid()) === 4, 10_000)).toBe(true);
    expect(await eventually(async () => (await cachedVersion(farId + 2)) === 3)).toBe(true);
    expect(await lookup(farId)).toEqual({ kind: 'miss' });
    expect(await lookup(farId + 1)).toEqual({ kind: 'miss' });
    expect(await replayInvalid()).toBe(4); // each forged event counted once
  });

  it('over pub/sub: drops and counts the forged events, the cache stays as it was, real writes still apply', async () => {
    const user = (
      await http(`${writer.url}/users`, {
        method: 'POST',
        body: { name: 'Real', email: uniqueEmail('forged') },
      })
    ).body.data;
    const other = (
      await http(`${writer.url}/users`, {
        method: 'POST',
        body: { name: 'Other', email: uniqueEmail('forged') },
      })
    ).body.data;
    expect(await eventually(async () => (await cachedVersion(user.id)) === 1)).toBe(true);
    const before = await lookup(user.id);
    const liveInvalidBefore = await metric(warmer.internalUrl, INVALID, { delivery: 'live' });

    const forged = [
      forge('updated', user.id, INT_MAX + 1, { ...user, name: 'Forged', version: INT_MAX + 1 }),
      forge('updated', user.id, 50, { ...other, name: 'Forged' }), // the snapshot of another user
      forge('updated', user.id, 50, { ...user, name: 'Forged', version: 51 }),
      forge('created', user.id, 1_000, { ...user, name: 'Forged', version: 1_000 }),
      forge('updated', INT_MAX + 1, 2, { id: INT_MAX + 1, name: 'Forged' }),
      forge('deleted', user.id, INT_MAX + 2),
    ];
    // Published with a service's connection: a service may publish on the event channels, the warmer may not.
    const redis = writer.app.get<RedisClient>(REDIS_CLIENT);
    for (const event of forged) {
      const partition = partitionOf(event.entityId, DEFAULT_EVENT_PARTITIONS);
      await redis.spublish(eventChannel(env.EVENTS_CHANNEL_PREFIX, 'user', partition), JSON.stringify(event));
    }
    expect(
      await eventually(
        async () =>
          (await metric(warmer.internalUrl, INVALID, { delivery: 'live' })) - liveInvalidBefore ===
          forged.length,
      ),
    ).toBe(true);
    expect(await lookup(user.id)).toEqual(before);
    expect(await lookup(INT_MAX + 1)).toEqual({ kind: 'miss' });

    const patched = await http(`${writer.url}/users/${user.id}`, {
      method: 'PATCH',
      body: { city: 'Ulsan' },
    });
    expect(patched.status).toBe(200);
    expect(await eventually(async () => (await cachedVersion(user.id)) === 2)).toBe(true);
    const after = await lookup(user.id);
    expect(after.kind === 'hit' && JSON.parse(after.entry.json)).toEqual(patched.body.data);
  });
});
