// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the declaration must reach every project that compiles this file
/// <reference path="./prometheus-text.d.ts" />
import { Logger } from '@nestjs/common';
import parsePrometheusTextFormat, { type ParsedFamily } from 'parse-prometheus-text-format';
import { CounterDeltas, percent } from './counter-deltas';
import { NodeWarnings } from './node-warnings';
import { histogramQuantile } from './histogram-quantile';
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
      const families = scraped[i];
      if (!families) return;
      this.addLookups(target.name, families, lookups);
      this.addLagBuckets(target.name, families, lagBuckets);
      const backlog = gaugeValue(families, 'fleetcache_outbox_pending_rows');
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

  private async scrape(target: ScrapeTarget): Promise<ParsedFamily[] | undefined> {
    try {
      const response = await fetch(target.url, { signal: AbortSignal.timeout(this.timeoutMs) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const text = await response.text();
      if (text.length > MAX_METRICS_BYTES) throw new Error('metrics text over 8 MB');
      return parsePrometheusTextFormat(text);
    } catch (error) {
      this.warnings.warn(target.name, `${target.name} metrics at ${target.url} unreadable: ${String(error)}`);
      return undefined;
    }
  }

  private addLookups(
    target: string,
    families: ParsedFamily[],
    into: Map<string, { hits: number; total: number }>,
  ): void {
    for (const sample of family(families, 'fleetcache_cache_lookups_total')?.metrics ?? []) {
      const entity = sample.labels?.entity;
      const result = sample.labels?.result;
      if (!entity || !result || result === 'bypass') continue;
      const increase = this.deltas.delta(`${target}|lookups|${entity}|${result}`, Number(sample.value));
      if (increase === undefined || !Number.isFinite(increase)) continue;
      const totals = into.get(entity) ?? { hits: 0, total: 0 };
      totals.total += increase;
      if (HIT_RESULTS.has(result)) totals.hits += increase;
      into.set(entity, totals);
    }
  }

  private addLagBuckets(target: string, families: ParsedFamily[], into: Map<number, number>): void {
    for (const sample of family(families, 'fleetcache_warmer_apply_lag_seconds')?.metrics ?? []) {
      const delivery = sample.labels?.delivery ?? '';
      for (const [le, count] of Object.entries(sample.buckets ?? {})) {
        const increase = this.deltas.delta(`${target}|lag|${delivery}|${le}`, Number(count));
        if (increase === undefined || !Number.isFinite(increase)) continue;
        const bound = le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
        into.set(bound, (into.get(bound) ?? 0) + increase);
      }
    }
  }
}

function family(families: ParsedFamily[], name: string): ParsedFamily | undefined {
  return families.find((candidate) => candidate.name === name);
}

/** The sum of a gauge's samples (undefined when the service does not export it). */
function gaugeValue(families: ParsedFamily[], name: string): number | undefined {
  const samples = family(families, name)?.metrics;
  if (!samples?.length) return undefined;
  return samples.reduce((sum, sample) => sum + Number(sample.value ?? 0), 0);
}
