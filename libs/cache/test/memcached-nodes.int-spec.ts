import { createServer, type Server, type AddressInfo } from 'node:net';
import { Test, type TestingModule } from '@nestjs/testing';
import { register } from 'prom-client';
import { CACHE_ENGINE, CacheModule, EntityCache, type CacheEngine, type CacheEntry } from '../src/index';
import { LOCAL_STACK_MEMCACHED, StandaloneMemcached, testCacheOptions } from '../src/testing';

const entry = (version: number): CacheEntry => ({ version, json: `{"version":${version}}` });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const stackNodes = LOCAL_STACK_MEMCACHED.map((node) => `${node.host}:${node.port}`);
/** The name a node "ip:port" has in the test's configuration replies (and so on the ring). */
const nameOf = (node: string) => `mc-${node.split(':')[1]}.invalid:${node.split(':')[1]}`;

async function start(overrides: Parameters<typeof testCacheOptions>[1]): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [CacheModule.forRoot(testCacheOptions('memcached', overrides))],
  }).compile();
  await moduleRef.init();
  return moduleRef;
}

/** A configuration endpoint the test controls: answers `config get cluster` with `reply()`. */
class ConfigEndpoint {
  private readonly server: Server;
  reply = '';
  constructor() {
    this.server = createServer((socket) =>
      socket.on('data', (data) => {
        if (String(data).startsWith('config get cluster')) socket.write(this.reply);
        else socket.write('ERROR\r\n');
      }),
    );
  }
  listen(): Promise<number> {
    return new Promise((resolve) =>
      this.server.listen(0, '127.0.0.1', () => resolve((this.server.address() as AddressInfo).port)),
    );
  }
  /** Publishes `nodes` ("ip:port") under host names that do not resolve: only their IPs can reach them. */
  publish(version: number, nodes: string[]): void {
    const body = `${version}\n${nodes.map((node) => `${nameOf(node).split(':')[0]}|${node.replace(':', '|')}`).join(' ')}\n`;
    this.reply = `CONFIG cluster 0 ${Buffer.byteLength(body)}\r\n${body}\r\nEND\r\n`;
  }
  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('Memcached engine: a node lost', () => {
  const lost = new StandaloneMemcached();
  let moduleRef: TestingModule;
  let cache: EntityCache;
  let engine: CacheEngine;

  beforeAll(async () => {
    await lost.start();
    const nodes = [...LOCAL_STACK_MEMCACHED.slice(0, 2), { host: '127.0.0.1', port: lost.port }];
    moduleRef = await start({
      memcached: { nodes, commandTimeoutMs: 100 },
      circuitBreaker: { failureThreshold: 3, openMs: 300 },
    });
    cache = moduleRef.get(EntityCache);
    engine = moduleRef.get(CACHE_ENGINE);
  });
  afterAll(async () => {
    await moduleRef.close();
    await lost.dispose();
  });

  it('is a miss for its keys only (the loader answers, fast), opens its circuit, and fills again once it is back', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => i + 1);
    await Promise.all(ids.map((id) => cache.set('user', id, entry(1))));
    const onLost = ids.filter((id) => engine.guard.nodeOf(cache.keyOf('user', id)) === lost.address);
    expect(onLost.length).toBeGreaterThan(5);
    await lost.stop();

    const load = jest.fn(async () => entry(1));
    const started = Date.now();
    const results = [];
    for (const id of ids) results.push(await cache.getOrLoad('user', id, load));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(load).toHaveBeenCalledTimes(onLost.length); // the others still hit
    load.mockClear();
    results.forEach((result, i) =>
      expect(result.source).toBe(onLost.includes(ids[i]) ? 'database' : 'cache'),
    );
    // Reads of keys on the lost node keep failing (a key whose write failed is read from the source meanwhile,
    // without asking the node): past one call budget of failures its circuit opens.
    const more = Array.from({ length: 3000 }, (_, i) => 1000 + i);
    const moreOnLost = more.filter((id) => engine.guard.nodeOf(cache.keyOf('user', id)) === lost.address);
    for (const until = Date.now() + 400; Date.now() < until && moreOnLost.length > 0;)
      await cache.getOrLoad('user', moreOnLost.shift() as number, load);
    const circuit = await register.getSingleMetric('fleetcache_cache_circuit_open')?.get();
    expect(circuit?.values).toContainEqual(
      expect.objectContaining({ labels: { node: lost.address }, value: 1 }),
    );

    await lost.start(); // back, and empty
    await sleep(400); // the circuit lets a probe through
    const deadline = Date.now() + 5000;
    let refilled = false;
    while (!refilled && Date.now() < deadline) {
      await cache.getOrLoad('user', onLost[0], load);
      refilled = (await cache.lookup('user', onLost[0])).kind === 'hit';
      if (!refilled) await sleep(100);
    }
    expect(refilled).toBe(true);
  });
});

describe('Memcached engine: auto discovery from a configuration endpoint', () => {
  const endpoint = new ConfigEndpoint();
  let moduleRef: TestingModule;
  let engine: CacheEngine;
  const liveNodes = () => [...(engine.guard.liveNodes() ?? [])].sort();

  beforeAll(async () => {
    const port = await endpoint.listen();
    endpoint.publish(1, stackNodes.slice(0, 2));
    moduleRef = await start({
      memcached: { discovery: { endpoint: { host: '127.0.0.1', port }, pollMs: 100 }, commandTimeoutMs: 250 },
    });
    engine = moduleRef.get(CACHE_ENGINE);
  });
  afterAll(async () => {
    await moduleRef.close();
    await endpoint.close();
  });

  const until = async (check: () => boolean) => {
    for (let i = 0; i < 50 && !check(); i++) await sleep(50);
    return check();
  };

  it('starts with the nodes of the first reply, named by host and reached by IP, and caches on them', async () => {
    expect(liveNodes()).toEqual(stackNodes.slice(0, 2).map(nameOf));
    const cache = moduleRef.get(EntityCache);
    expect(await cache.set('user', 1, entry(1))).toBe(true);
    expect(await cache.lookup('user', 1)).toEqual({ kind: 'hit', entry: entry(1) });
  });

  it('adds a node when the version changes, and only then', async () => {
    endpoint.publish(1, stackNodes); // same version, another list: ignored
    await sleep(300);
    expect(liveNodes()).toEqual(stackNodes.slice(0, 2).map(nameOf));
    endpoint.publish(2, stackNodes);
    expect(await until(() => liveNodes().length === 3)).toBe(true);
    expect(liveNodes()).toEqual(stackNodes.map(nameOf));
  });

  it('removes a node', async () => {
    endpoint.publish(3, [stackNodes[0], stackNodes[2]]);
    expect(await until(() => liveNodes().length === 2)).toBe(true);
    expect(liveNodes()).toEqual([stackNodes[0], stackNodes[2]].map(nameOf));
  });

  it('keeps the current nodes on a malformed reply or an endpoint that errs', async () => {
    endpoint.reply = 'CONFIG cluster 0 5\r\nhello\r\nEND\r\n';
    await sleep(300);
    endpoint.reply = 'ERROR\r\n';
    await sleep(300);
    expect(liveNodes()).toEqual([stackNodes[0], stackNodes[2]].map(nameOf));
    endpoint.publish(4, [stackNodes[1]]);
    expect(await until(() => liveNodes().length === 1)).toBe(true);
  });
});

describe('Memcached engine: a configuration endpoint that has no good answer at start', () => {
  const endpoint = new ConfigEndpoint();
  afterAll(() => endpoint.close());

  it('starts without nodes (every read a miss, nothing thrown) and asks again every second until it answers', async () => {
    const port = await endpoint.listen();
    endpoint.reply = 'ERROR\r\n';
    const moduleRef = await start({
      memcached: { discovery: { endpoint: { host: '127.0.0.1', port }, pollMs: 3_600_000 } },
    });
    try {
      const cache = moduleRef.get(EntityCache);
      const engine = moduleRef.get<CacheEngine>(CACHE_ENGINE);
      expect(await cache.getOrLoad('user', 1, async () => entry(1))).toMatchObject({ source: 'database' });
      endpoint.publish(7, stackNodes);
      const started = Date.now();
      while ((engine.guard.liveNodes()?.size ?? 0) === 0 && Date.now() - started < 3000) await sleep(50);
      expect(engine.guard.liveNodes()?.size).toBe(3);
      expect(Date.now() - started).toBeLessThan(2500); // asked every second, not every pollMs (an hour)
    } finally {
      await moduleRef.close();
    }
  });
});

describe('Memcached engine over TLS', () => {
  const node = new StandaloneMemcached();
  beforeAll(() => node.start({ tls: true }));
  afterAll(() => node.dispose());

  it('caches on a node that speaks TLS, verifying its certificate', async () => {
    const { readFileSync } = await import('node:fs');
    const moduleRef = await start({
      memcached: {
        nodes: [{ host: '127.0.0.1', port: node.port }],
        tls: { ca: readFileSync(node.certificate), rejectUnauthorized: true },
      },
    });
    try {
      const cache = moduleRef.get(EntityCache);
      expect(await cache.set('user', 1, entry(3))).toBe(true);
      expect(await cache.lookup('user', 1)).toEqual({ kind: 'hit', entry: entry(3) });
    } finally {
      await moduleRef.close();
    }
  });

  it('refuses a node whose certificate it cannot verify (a miss, not a connection to an unknown server)', async () => {
    const moduleRef = await start({
      memcached: { nodes: [{ host: '127.0.0.1', port: node.port }], tls: true },
    });
    try {
      const cache = moduleRef.get(EntityCache);
      expect(await cache.set('user', 2, entry(1))).toBe(false);
      expect(await cache.getOrLoad('user', 2, async () => entry(1))).toMatchObject({ source: 'database' });
    } finally {
      await moduleRef.close();
    }
  });
});
