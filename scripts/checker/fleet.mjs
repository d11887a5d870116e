// Starts and stops the apps under test as separate processes, from their built bundles.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** One app process that can be killed and started again on the same port. */
class AppProcess {
  constructor(root, app, name, env) {
    this.main = join(root, 'dist', 'apps', app, 'main.js');
    if (!existsSync(this.main)) throw new Error(`${this.main} is missing: build first (npx nx run-many -t build)`);
    this.name = name;
    this.env = env;
    this.log = [];
  }

  get url() {
    return `http://127.0.0.1:${this.env.PORT}`;
  }

  async start() {
    this.child = spawn(process.execPath, [this.main], { env: { ...process.env, ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (d) => this.log.push(String(d)) > 200 && this.log.shift();
    this.child.stdout.on('data', keep);
    this.child.stderr.on('data', keep);
    for (let i = 0; i < 200; i++) {
      const ok = await fetch(`${this.url}/health/ready`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
      if (ok) return;
      if (this.child.exitCode !== null) break;
      await sleep(100);
    }
    await this.stop('SIGKILL');
    throw new Error(`${this.name} did not become ready:\n${this.log.join('').slice(-3000)}`);
  }

  /** A counter summed over every run of this process (counters restart at 0 with the process). */
  async counter(name) {
    const text = await fetch(`${this.url}/metrics`, { signal: AbortSignal.timeout(5000) }).then((r) => r.text(), () => '');
    const now = text
      .split('\n')
      .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
    return (this.carried?.[name] ?? 0) + now;
  }

  async stop(signal = 'SIGTERM') {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.carried = { 'fleetcache_cache_loads_total': await this.counter('fleetcache_cache_loads_total') };
    await new Promise((resolve) => {
      const force = setTimeout(() => child.kill('SIGKILL'), 5000); // a process that does not drain in time is killed
      child.once('exit', () => resolve(clearTimeout(force)));
      child.kill(signal);
    });
  }
}

/** Two instances of each service and the warmer, sharing a fresh key and channel prefix. */
export async function startFleet(root, { token, prefix, dbName, nearMs = '0' }) {
  const base = {
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DB_NAME: dbName,
    INTERNAL_TOKEN: token,
    CACHE_KEY_PREFIX: prefix,
    EVENTS_CHANNEL_PREFIX: prefix,
    OUTBOX_POLL_MS: '250',
    CACHE_NEAR_USER_MS: nearMs,
  };
  const ports = await Promise.all([1, 2, 3, 4, 5].map(() => freePort()));
  const users = [0, 1].map((i) => new AppProcess(root, 'user-service', `user-service#${i + 1}`, { ...base, PORT: String(ports[i]) }));
  const products = [2, 3].map((i) => new AppProcess(root, 'product-service', `product-service#${i - 1}`, { ...base, PORT: String(ports[i]) }));
  const warmer = new AppProcess(root, 'cache-warmer', 'cache-warmer', {
    ...base,
    PORT: String(ports[4]),
    USER_SERVICE_URL: users[0].url,
    PRODUCT_SERVICE_URL: products[0].url,
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
