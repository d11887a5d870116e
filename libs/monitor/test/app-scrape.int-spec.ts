import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { eventually, startMonitor, type RunningMonitor } from './monitor-support';

/** A service's /metrics as prom-client writes it, with the counters the monitor reads. */
class FakeServiceMetrics {
  readonly registry = new Registry();
  readonly lookups = new Counter({
    name: 'fleetcache_cache_lookups_total',
    help: 'h',
    labelNames: ['entity', 'result'],
    registers: [this.registry],
  });
  readonly pending = new Gauge({
    name: 'fleetcache_outbox_pending_rows',
    help: 'h',
    registers: [this.registry],
  });
  readonly lag = new Histogram({
    name: 'fleetcache_warmer_apply_lag_seconds',
    help: 'h',
    labelNames: ['delivery'],
    buckets: [0.01, 0.1, 1, 5],
    registers: [this.registry],
  });
  private readonly server: Server = createServer((_request, response) => {
    void this.registry
      .metrics()
      .then((text) => response.writeHead(200, { 'content-type': this.registry.contentType }).end(text));
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/metrics`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const gaugeValue = (text: string, pattern: RegExp) => Number(text.match(pattern)?.[1] ?? Number.NaN);

describe('cache-monitor reading the services’ counters', () => {
  const service = new FakeServiceMetrics();
  let monitor: RunningMonitor;

  beforeAll(async () => {
    const url = await service.start();
    monitor = await startMonitor({
      MONITOR_PERIOD_MS: '300',
      MONITOR_ENGINES: 'redis',
      REDIS_MODE: 'single',
      REDIS_NODES: '127.0.0.1:9', // nothing there: the engine side is down, the app side is read all the same
      MONITOR_SCRAPE_TARGETS: `user-service=${url},gone=http://127.0.0.1:9/metrics`,
    });
  });

  afterAll(async () => {
    await monitor.close();
    await service.stop();
  });

  it('turns lookups into a per-entity hit rate (bypass left out), and exports the backlog, the warmer p99 and Up', async () => {
    const read = () => fetch(`${monitor.internalUrl}/metrics`).then((response) => response.text());
    await eventually(read, (text) => /fleetcache_app_Up\{service="user-service",entity=""\} 1/.test(text));
    // Between two scrapes: 90 reads answered from the cache (engine, near-cache, stale), 10 misses, 500 bypassed.
    service.lookups.inc({ entity: 'user', result: 'hit' }, 60);
    service.lookups.inc({ entity: 'user', result: 'hit_l1' }, 20);
    service.lookups.inc({ entity: 'user', result: 'stale' }, 10);
    service.lookups.inc({ entity: 'user', result: 'miss' }, 10);
    service.lookups.inc({ entity: 'user', result: 'bypass' }, 500);
    service.pending.set(42);
    // Both deliveries count: 98 fast live ones, 2 slow replays. p99 falls in the replays' bucket (1–5 s).
    for (let i = 0; i < 98; i++) service.lag.observe({ delivery: 'live' }, 0.005);
    service.lag.observe({ delivery: 'replay' }, 3);
    service.lag.observe({ delivery: 'replay' }, 3);

    const text = await eventually(read, (found) =>
      /fleetcache_app_CacheHitRate\{service="",entity="user"\} [1-9]/.test(found),
    );
    expect(gaugeValue(text, /fleetcache_app_CacheHitRate\{service="",entity="user"\} ([\d.]+)/)).toBe(90);
    expect(
      gaugeValue(text, /fleetcache_app_OutboxBacklog\{service="user-service",entity=""\} ([\d.]+)/),
    ).toBe(42);
    // Rank 99 of 100 is the first of the 2 observations in (1, 5]: 1 + 4 × 1/2 = 3.
    const p99 = gaugeValue(text, /fleetcache_app_WarmerLagP99\{service="",entity=""\} ([\d.]+)/);
    expect(p99).toBeCloseTo(3, 3);
    expect(text).toMatch(/fleetcache_app_Up\{service="gone",entity=""\} 0/);
    expect(text).toMatch(/fleetcache_engine_Up\{engine="redis",node="127.0.0.1:9",role="master"\} 0/);
  });
});
