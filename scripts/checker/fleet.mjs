// Starts and stops the apps under test as separate processes, from their built bundles.
import net from 'node:net';
import { AppProcess } from '../lib/app-process.mjs';
import { MEMCACHED_NODES, appStackEnv } from './stack-env.mjs';

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** An app the checker kills and restarts: its loads counter is summed over every run of the process. */
class CheckedApp extends AppProcess {
  async counter(name) {
    const now = await this.metric(name).catch(() => 0);
    return (this.carried?.[name] ?? 0) + now;
  }

  async stop(signal = 'SIGTERM') {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) {
      this.carried = { fleetcache_cache_loads_total: await this.counter('fleetcache_cache_loads_total') };
    }
    await super.stop(signal);
  }
}

/** Two instances of each service and the warmer, sharing a fresh key and channel prefix, caching on `engine`. */
export async function startFleet({ token, prefix, dbName, nearMs = '0', engine = 'redis' }) {
  const base = {
    CACHE_ENGINE: engine,
    MEMCACHED_NODES: MEMCACHED_NODES.join(','),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DB_NAME: dbName,
    INTERNAL_TOKEN: token,
    CACHE_KEY_PREFIX: prefix,
    EVENTS_CHANNEL_PREFIX: prefix,
    OUTBOX_POLL_MS: '250',
    CACHE_NEAR_USER_MS: nearMs,
    // The checker's clients all come from one address: per-client limits would answer 429s it does not check.
    RATE_LIMIT_ENABLED: 'false',
    ...appStackEnv(),
  };
  const ports = [];
  for (let i = 0; i < 10; i++) ports.push(await freePort());
  const portsOf = (i) => ({ PORT: String(ports[2 * i]), INTERNAL_PORT: String(ports[2 * i + 1]) });
  const users = [0, 1].map((i) => new CheckedApp('user-service', `user-service#${i + 1}`, { ...base, ...portsOf(i) }));
  const products = [2, 3].map((i) => new CheckedApp('product-service', `product-service#${i - 1}`, { ...base, ...portsOf(i) }));
  const warmer = new CheckedApp('cache-warmer', 'cache-warmer', {
    ...base,
    ...portsOf(4),
    USER_SERVICE_URL: users[0].url,
    USER_SERVICE_INTERNAL_URL: users[0].internalUrl,
    PRODUCT_SERVICE_URL: products[0].url,
    PRODUCT_SERVICE_INTERNAL_URL: products[0].internalUrl,
    WARMER_REPLAY_INTERVAL_MS: '1000',
  });
  const all = [...users, ...products, warmer];
  const stop = () => Promise.all(all.map((p) => p.stop()));
  const started = await Promise.allSettled(all.map((p) => p.start()));
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) {
    await stop(); // leave nothing running behind a failed start
    throw failed.reason;
  }
  return { users, products, warmer, all, stop };
}
