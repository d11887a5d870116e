import { Test } from '@nestjs/testing';
import calculateSlot from 'cluster-key-slot';
import type { Cluster } from 'ioredis';
import {
  CacheModule,
  EntityCache,
  REDIS_CLIENT,
  type CacheEntry,
  type CacheModuleOptions,
} from '../src/index';
import { CacheMetrics } from '../src/metrics/cache-metrics';
import { StallingProxy, StandaloneRedis, testCacheOptions } from '../src/testing';

const entry = (version: number, json = `{"id":${version},"name":"Zoë"}`): CacheEntry => ({ version, json });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function start(options: CacheModuleOptions) {
  const moduleRef = await Test.createTestingModule({ imports: [CacheModule.forRoot(options)] }).compile();
  await moduleRef.init();
  const redis = moduleRef.get(REDIS_CLIENT);
  return {
    moduleRef,
    cache: moduleRef.get(EntityCache),
    redis,
    viaClient: jest.spyOn(redis, 'getBuffer'),
    failures: jest.spyOn(moduleRef.get(CacheMetrics), 'directFailure'),
    fallbacks: jest.spyOn(moduleRef.get(CacheMetrics), 'directFallback'),
  };
}

/** A master of `cluster` other than `owner` (a node key, host:port). */
function otherMaster(cluster: Cluster, owner: string): string {
  const keys = cluster.nodes('master').map((node) => `${node.options.host}:${node.options.port}`);
  const other = keys.find((key) => key !== owner);
  if (!other) throw new Error('the cluster has one master');
  return other;
}

describe('direct reads on the cluster (the hot path beside the cluster client)', () => {
  let ctx: Awaited<ReturnType<typeof start>>;
  let cluster: Cluster;
  beforeAll(async () => {
    ctx = await start(testCacheOptions('cluster'));
    cluster = ctx.redis as Cluster;
  });
  afterAll(() => ctx.moduleRef.close());
  beforeEach(() => ctx.viaClient.mockClear());

  it('reads every key from the master that owns its slot, without the cluster client', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => 1000 + i);
    await Promise.all(ids.map((id) => ctx.cache.set('user', id, entry(id))));
    const found = await Promise.all(ids.map((id) => ctx.cache.lookup('user', id)));
    expect(found).toEqual(ids.map((id) => ({ kind: 'hit', entry: entry(id) })));
    const large = entry(7, JSON.stringify({ blob: 'é'.repeat(300_000) }));
    await ctx.cache.set('user', 2000, large);
    expect(await ctx.cache.lookup('user', 2000)).toEqual({ kind: 'hit', entry: large });
    expect(ctx.viaClient).not.toHaveBeenCalled();
  });

  it('a read sent to the wrong master (MOVED) is answered through the cluster client, which repairs the slot map', async () => {
    await ctx.cache.set('user', 3001, entry(1));
    const slot = calculateSlot(ctx.cache.keyOf('user', 3001));
    const owner = cluster.slots[slot][0];
    cluster.slots[slot] = [otherMaster(cluster, owner)];
    expect(await ctx.cache.lookup('user', 3001)).toEqual({ kind: 'hit', entry: entry(1) });
    expect(ctx.viaClient).toHaveBeenCalledTimes(1);
    expect(cluster.slots[slot][0]).toBe(owner);
    expect(await ctx.cache.lookup('user', 3001)).toEqual({ kind: 'hit', entry: entry(1) });
    expect(ctx.viaClient).toHaveBeenCalledTimes(1); // direct again
  });

  it('a batch with a misrouted slot still answers every key, in order', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => 4000 + i);
    await Promise.all(ids.map((id) => ctx.cache.set('user', id, entry(id))));
    const slot = calculateSlot(ctx.cache.keyOf('user', ids[3]));
    const owner = cluster.slots[slot][0];
    cluster.slots[slot] = [otherMaster(cluster, owner)];
    const load = jest.fn(async () => new Map<number, CacheEntry>());
    const result = await ctx.cache.getMany('user', ids, load);
    expect(result.entries).toEqual(ids.map((id) => entry(id)));
    expect(load).not.toHaveBeenCalled();
    expect(ctx.viaClient).toHaveBeenCalledTimes(1);
  });
});

describe('direct reads when the node stalls (single node behind a stalling proxy)', () => {
  const proxy = new StallingProxy(7010);
  let ctx: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    const port = await proxy.listen();
    ctx = await start(
      testCacheOptions('single', {
        redis: { mode: 'single', nodes: [{ host: '127.0.0.1', port }], commandTimeoutMs: 100 },
      }),
    );
  });
  afterAll(async () => {
    await ctx.moduleRef.close();
    await proxy.close();
  });

  it('drops the stalled connection within the timeout, serves from the loader, and reads directly again once the node answers', async () => {
    await ctx.cache.set('user', 1, entry(1));
    expect(await ctx.cache.lookup('user', 1)).toEqual({ kind: 'hit', entry: entry(1) });
    proxy.stall();
    const started = Date.now();
    const read = await ctx.cache.getOrLoad('user', 1, async () => entry(1));
    expect(read.source).toBe('database');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(ctx.failures).toHaveBeenCalled();
    proxy.resume();
    await sleep(200); // past the reconnect backoff
    ctx.viaClient.mockClear();
    expect(await ctx.cache.lookup('user', 1)).toEqual({ kind: 'hit', entry: entry(1) });
    expect(ctx.viaClient).not.toHaveBeenCalled();
  });
});

describe('direct reads authenticate and encrypt like the cluster client', () => {
  const servers: StandaloneRedis[] = [];
  const single = (port: number, redis: Partial<CacheModuleOptions['redis']>): CacheModuleOptions =>
    testCacheOptions('single', {
      redis: { mode: 'single', nodes: [{ host: '127.0.0.1', port }], commandTimeoutMs: 250, ...redis },
    });
  afterAll(() => Promise.all(servers.map((server) => server.stop())));

  async function server(args: string[], tls = false): Promise<StandaloneRedis> {
    const redis = new StandaloneRedis();
    servers.push(redis);
    return redis.start(args, { tls });
  }

  it.each([
    ['a password (requirepass)', { password: 'secret-1' }],
    ['an ACL user and password', { username: 'app', password: 'secret-2' }],
  ])('with %s', async (_, credentials) => {
    const redis = await server([
      '--requirepass',
      'secret-1',
      '--user',
      'app',
      'on',
      '>secret-2',
      '~*',
      '+@all',
    ]);
    const ctx = await start(single(redis.port, credentials));
    try {
      await ctx.cache.set('user', 1, entry(1));
      expect(await ctx.cache.lookup('user', 1)).toEqual({ kind: 'hit', entry: entry(1) });
      expect(ctx.fallbacks.mock.calls).toEqual([]);
      expect(ctx.failures).not.toHaveBeenCalled();
    } finally {
      await ctx.moduleRef.close();
    }
  });

  it('a refused password fails the direct connection, and reads are served from the loader', async () => {
    const redis = await server(['--requirepass', 'right']);
    const ctx = await start(single(redis.port, { password: 'wrong' }));
    try {
      const read = await ctx.cache.getOrLoad('user', 1, async () => entry(1));
      expect(read).toEqual({ entry: entry(1), source: 'database' });
      expect(ctx.failures).toHaveBeenCalled();
    } finally {
      await ctx.moduleRef.close();
    }
  });

  it('over TLS with the server certificate as the CA', async () => {
    const redis = new StandaloneRedis();
    const { ca, args } = redis.selfSignedTls();
    servers.push(await redis.start(args, { tls: true }));
    const ctx = await start(single(redis.port, { tls: { ca } }));
    try {
      await ctx.cache.set('user', 1, entry(1));
      expect(await ctx.cache.lookup('user', 1)).toEqual({ kind: 'hit', entry: entry(1) });
      expect(ctx.viaClient).not.toHaveBeenCalled();
      expect(ctx.failures).not.toHaveBeenCalled();
    } finally {
      await ctx.moduleRef.close();
    }
  });
});
