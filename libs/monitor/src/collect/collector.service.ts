import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AlarmsService } from '../alarms/alarms.service';
import { MonitorMetrics } from '../metrics/monitor-metrics';
import { METRIC_STORE, MONITOR_SETTINGS } from '../monitor.constants';
import type { MonitorSettings } from '../monitor.settings';
import type { MetricStore, SeriesKey } from '../store/metric-store';
import { AppScraper } from './app-scraper';
import { hitRate } from './counter-deltas';
import { MemcachedSampler } from './memcached-sampler';
import type { NodeSample } from './node-sample';
import { RedisSampler } from './redis-sampler';

type Point = { key: SeriesKey; value: number };

/**
 * Collects every period: every cache node's statistics and the services' counters, as datapoints in the metric store
 * and Prometheus gauges; then the alarms are evaluated. A node or service that does not answer is `Up` 0 and a log
 * line; a collection never throws, and the next one starts a period after the last one ended.
 */
@Injectable()
export class CollectorService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CollectorService.name);
  private readonly redis?: RedisSampler;
  private readonly memcached?: MemcachedSampler;
  private readonly app: AppScraper;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    @Inject(MONITOR_SETTINGS) private readonly settings: MonitorSettings,
    @Inject(METRIC_STORE) private readonly store: MetricStore,
    private readonly alarms: AlarmsService,
    private readonly metrics: MonitorMetrics,
  ) {
    const timeout = settings.sampleTimeoutMs;
    if (settings.redis) this.redis = new RedisSampler(settings.redis, timeout);
    if (settings.memcached)
      this.memcached = new MemcachedSampler(settings.memcached.nodes, timeout, settings.memcached.tls);
    this.app = new AppScraper(settings.scrapeTargets, timeout);
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.redis?.close();
  }

  /** Collects once now (and evaluates the alarms); resolves when done. */
  async collect(): Promise<void> {
    const now = Date.now();
    const [redis, memcached, app] = await Promise.all([
      this.redis?.sample(now) ?? [],
      this.memcached?.sample(now) ?? [],
      this.app.sample(),
    ]);
    const points = [...enginePoints(redis), ...enginePoints(memcached), ...app];
    for (const { key, value } of points) this.store.record(key, now, value);
    this.store.dropBefore(now - this.settings.historyPoints * this.settings.periodMs);
    this.metrics.exportLatest(points);
    this.alarms.evaluate(now);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.collect()
        .catch((error: unknown) => this.logger.error({ msg: 'collection failed', err: String(error) }))
        .finally(() => this.schedule(this.settings.periodMs));
    }, ms);
  }
}

/** Each node's values, its `Up`, and the engine's fleet-wide hit rate (node `all`, weighted by lookups). */
function enginePoints(samples: NodeSample[]): Point[] {
  const points: Point[] = [];
  let hits = 0;
  let lookups = 0;
  for (const sample of samples) {
    const dimensions = {
      source: 'engine' as const,
      engine: sample.engine,
      node: sample.node,
      role: sample.role,
    };
    points.push({ key: { ...dimensions, metric: 'Up' }, value: sample.up ? 1 : 0 });
    for (const [metric, value] of Object.entries(sample.values))
      if (value !== undefined && Number.isFinite(value))
        points.push({ key: { ...dimensions, metric }, value });
    hits += sample.values.CacheHits ?? 0;
    lookups += (sample.values.CacheHits ?? 0) + (sample.values.CacheMisses ?? 0);
  }
  const rate = hitRate(hits, lookups);
  if (samples.length && rate !== undefined)
    points.push({
      key: { source: 'engine', engine: samples[0].engine, node: 'all', role: 'all', metric: 'CacheHitRate' },
      value: rate,
    });
  return points;
}
