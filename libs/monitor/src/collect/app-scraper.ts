import { Logger } from '@nestjs/common';
import { CounterDeltas, percent } from './counter-deltas';
import { NodeWarnings } from './node-warnings';
import { histogramQuantile } from './histogram-quantile';
import { parsePrometheusText, type TextSample } from './prometheus-text';
import type { SeriesKey } from '../store/metric-store';

/** A service whose /metrics is read. */
export interface ScrapeTarget {
  name: string;
  url: string;
}

/** A datapoint of the application side. */
export interface AppPoint {
  key: SeriesKey;
  value: number;
}

/** Longest /metrics text read from a service. */
const MAX_METRICS_BYTES = 8 * 1024 * 1024;
/** Lookup results that were answered from the cache (the engine, the near-cache, or stale while revalidating). */
const HIT_RESULTS = new Set(['hit', 'hit_l1', 'stale']);

/**
 * Reads the services' /metrics each period and turns their counters into the application side's datapoints: the hit
 * rate per entity over the fleet (bypassed reads left out), each service's outbox backlog, the warmer's p99 apply
 * lag, and whether each service answered (`Up`).
 */
export class AppScraper {
  private readonly logger = new Logger(AppScraper.name);
  private readonly warnings = new NodeWarnings(this.logger);
  private readonly deltas = new CounterDeltas();
  /** Services read at least once: a counter they show for the first time was created since, from 0. */
  private readonly readBefore = new Set<string>();

  constructor(
    private readonly targets: readonly ScrapeTarget[],
    private readonly timeoutMs: number,
  ) {}

  /** This period's datapoints. */
  async sample(): Promise<AppPoint[]> {
    const scraped = await Promise.all(this.targets.map((target) => this.scrape(target)));
    const points: AppPoint[] = this.targets.map((target, i) => ({
      key: { source: 'app', metric: 'Up', node: target.name },
      value: scraped[i] ? 1 : 0,
    }));
    const lookups = new Map<string, { hits: number; total: number }>();
    const lagBuckets = new Map<number, number>();
    this.targets.forEach((target, i) => {
      const samples = scraped[i];
      if (!samples) return;
      const known = this.readBefore.has(target.name);
      this.readBefore.add(target.name);
      this.addLookups(target.name, samples, lookups, known);
      this.addLagBuckets(target.name, samples, lagBuckets, known);
      const backlog = gaugeValue(samples, 'fleetcache_outbox_pending_rows');
      if (backlog !== undefined)
        points.push({ key: { source: 'app', metric: 'OutboxBacklog', node: target.name }, value: backlog });
    });
    for (const [entity, { hits, total }] of lookups) {
      points.push({ key: { source: 'app', metric: 'CacheLookups', entity }, value: total });
      const rate = percent(hits, total);
      if (rate !== undefined)
        points.push({ key: { source: 'app', metric: 'CacheHitRate', entity }, value: rate });
    }
    const p99 = histogramQuantile(0.99, lagBuckets);
    if (p99 !== undefined) points.push({ key: { source: 'app', metric: 'WarmerLagP99' }, value: p99 });
    return points;
  }

  private async scrape(target: ScrapeTarget): Promise<TextSample[] | undefined> {
    try {
      const response = await fetch(target.url, { signal: AbortSignal.timeout(this.timeoutMs) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const text = await response.text();
      if (text.length > MAX_METRICS_BYTES) throw new Error('metrics text over 8 MB');
      return parsePrometheusText(text);
    } catch (error) {
      this.warnings.warn(target.name, `${target.name} metrics at ${target.url} unreadable: ${String(error)}`);
      return undefined;
    }
  }

  private addLookups(
    target: string,
    samples: TextSample[],
    into: Map<string, { hits: number; total: number }>,
    known: boolean,
  ): void {
    for (const { labels, value } of named(samples, 'fleetcache_cache_lookups_total')) {
      const { entity, result } = labels;
      if (!entity || !result || result === 'bypass') continue;
      const increase = this.deltas.delta(`${target}|lookups|${entity}|${result}`, value, known);
      if (increase === undefined) continue;
      const totals = into.get(entity) ?? { hits: 0, total: 0 };
      totals.total += increase;
      if (HIT_RESULTS.has(result)) totals.hits += increase;
      into.set(entity, totals);
    }
  }

  /** Adds this period's observations per bucket bound, over every label set (live and replay deliveries). */
  private addLagBuckets(
    target: string,
    samples: TextSample[],
    into: Map<number, number>,
    known: boolean,
  ): void {
    for (const { labels, value } of named(samples, 'fleetcache_warmer_apply_lag_seconds_bucket')) {
      const bound = Number(labels.le === '+Inf' ? Number.POSITIVE_INFINITY : labels.le);
      if (Number.isNaN(bound)) continue;
      const increase = this.deltas.delta(`${target}|lag|${labels.delivery ?? ''}|${labels.le}`, value, known);
      if (increase !== undefined) into.set(bound, (into.get(bound) ?? 0) + increase);
    }
  }
}

function named(samples: TextSample[], name: string): TextSample[] {
  return samples.filter((sample) => sample.name === name);
}

/** The sum of a gauge's samples (undefined when the service does not export it). */
function gaugeValue(samples: TextSample[], name: string): number | undefined {
  const found = named(samples, name);
  return found.length ? found.reduce((sum, sample) => sum + sample.value, 0) : undefined;
}
