// The processes under test: user-service, cache-warmer and the bench-peers app, from their built bundles, each
// pinned to the server core (taskset) when it can be.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { AppProcess, canPin, pinned } from '../../lib/app-process.mjs';

export { canPin, pinned };

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** The settings every process of a benchmark shares: its own database, key prefix and channels. */
export const BENCH_ENV = {
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  DB_NAME: 'fleetcache_bench',
  CACHE_KEY_PREFIX: 'fcb',
  EVENTS_CHANNEL_PREFIX: 'fcb',
  INTERNAL_TOKEN: 'fleetcache-bench-internal-token',
  WARMER_WARMUP_ON_START: 'false',
  // One load generator is one client: rate limits would measure the limiter. Connections are kept for the whole run.
  RATE_LIMIT_ENABLED: 'false',
  HTTP_MAX_REQUESTS_PER_SOCKET: '0',
};

/** The internal port (metrics, replay feed) of an app whose public port is `port`. */
const INTERNAL_PORT_OFFSET = 1000;

// The peers stand for libraries used on their own: their loads wait for a pooled connection as long as it takes,
// not shed by fleetcache's bounded pool queue (without this, peer-cm's stampede answered hundreds of 503s).
const PEERS_ENV = { DB_POOL_QUEUE_LIMIT: '100000', DB_MAX_CONCURRENT_READS: '100000' };

/** One app of a benchmark on a fixed port, pinned to the server core. */
export class App extends AppProcess {
  constructor(bundle, port, env = {}, { cpu = 0, name = `${bundle}:${port}`, nodeArgs, root } = {}) {
    super(bundle, name, { ...BENCH_ENV, ...(bundle === 'bench-peers' ? PEERS_ENV : {}), ...env, PORT: String(port), INTERNAL_PORT: String(port + INTERNAL_PORT_OFFSET) }, { cpu, nodeArgs, root });
  }

  /** CPU seconds (user + system) this process has used so far; taskset execs node, so the pid is node's. */
  cpuSeconds() {
    const fields = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime + stime, in clock ticks
  }

  /** A histogram's buckets (cumulative counts by upper bound, seconds) over the series matching `labels`. */
  async histogram(name, labels = {}) {
    const buckets = new Map();
    for (const line of (await this.metricsText()).split('\n')) {
      if (!line.startsWith(`${name}_bucket{`)) continue;
      if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
      const le = /le="([^"]+)"/.exec(line)[1];
      const bound = le === '+Inf' ? Infinity : Number(le);
      buckets.set(bound, (buckets.get(bound) ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1)));
    }
    return [...buckets.entries()].sort((a, b) => a[0] - b[0]);
  }
}

/** Starts apps together; stops all of them if one fails. */
export async function startAll(apps) {
  const results = await Promise.allSettled(apps.map((a) => a.start()));
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) {
    await stopAll(apps);
    throw failed.reason;
  }
  return apps;
}

export function stopAll(apps) {
  return Promise.all(apps.map((a) => a.stop()));
}
