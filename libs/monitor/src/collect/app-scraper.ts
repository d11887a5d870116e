import { lookup } from 'node:dns/promises';
import { Logger } from '@nestjs/common';
import { CounterDeltas, hitRate } from './counter-deltas';
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

/** Longest /metrics text read from a service instance: past it the read stops and the instance counts as down. */
const MAX_METRICS_BYTES = 8 * 1024 * 1024;
/** Instances of one service read at most (the addresses its name resolves to). */
const MAX_INSTANCES = 64;
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
    const scraped = await Promise.all(this.targets.map((target) => this.scrapeInstances(target)));
    const points: AppPoint[] = [];
    const lookups = new Map<string, { hits: number; total: number }>();
    const lagBuckets = new Map<number, number>();
    this.targets.forEach((target, i) => {
      const instances = scraped[i];
      const up = instances.length > 0 && instances.every((instance) => instance.samples !== undefined);
      points.push({ key: { source: 'app', metric: 'Up', node: target.name }, value: up ? 1 : 0 });
      let backlog: number | undefined;
      for (const { id, samples } of instances) {
        if (!samples) continue;
        const known = this.readBefore.has(id);
        this.readBefore.add(id);
        this.addLookups(id, samples, lookups, known);
        this.addLagBuckets(id, samples, lagBuckets, known);
        // Every instance of a service counts the same outbox: the largest (freshest) count is the backlog.
        const counted = gaugeValue(samples, 'fleetcache_outbox_pending_rows');
        if (counted !== undefined) backlog = Math.max(backlog ?? 0, counted);
      }
      if (backlog !== undefined)
        points.push({ key: { source: 'app', metric: 'OutboxBacklog', node: target.name }, value: backlog });
    });
    for (const [entity, { hits, total }] of lookups) {
      points.push({ key: { source: 'app', metric: 'CacheLookups', entity }, value: total });
      const rate = hitRate(hits, total);
      if (rate !== undefined)
        points.push({ key: { source: 'app', metric: 'CacheHitRate', entity }, value: rate });
    }
    const p99 = histogramQuantile(0.99, lagBuckets);
    if (p99 !== undefined) points.push({ key: { source: 'app', metric: 'WarmerLagP99' }, value: p99 });
    return points;
  }

  /**
   * Reads every instance of a service: each address its host name resolves to (a headless Service, compose replicas),
   * so counters are always compared with the same process's. An instance that left is forgotten.
   */
  private async scrapeInstances(
    target: ScrapeTarget,
  ): Promise<Array<{ id: string; samples?: TextSample[] }>> {
    const url = new URL(target.url);
    let addresses: string[];
    try {
      addresses = (await lookup(url.hostname.replace(/^\[|\]$/g, ''), { all: true })).map(
        (found) => found.address,
      );
    } catch (error) {
      this.warnings.warn(target.name, `${target.name}: ${url.hostname} does not resolve: ${String(error)}`);
      addresses = [];
    }
    const instances = addresses
      .slice(0, MAX_INSTANCES)
      .map((address) => ({ id: `${target.name}@${address}`, address }));
    this.forgetDeparted(target.name, new Set(instances.map((instance) => instance.id)));
    return Promise.all(
      instances.map(async ({ id, address }) => {
        const instanceUrl = new URL(url);
        instanceUrl.hostname = address.includes(':') ? `[${address}]` : address;
        return { id, samples: await this.scrape(target, instanceUrl.href) };
      }),
    );
  }

  private forgetDeparted(target: string, current: Set<string>): void {
    for (const id of this.readBefore) {
      if (!id.startsWith(`${target}@`) || current.has(id)) continue;
      this.readBefore.delete(id);
      this.deltas.forget(`${id}|`);
    }
  }

  private async scrape(target: ScrapeTarget, url: string): Promise<TextSample[] | undefined> {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
      if (!response.ok) {
        await response.body?.cancel();
        throw new Error(`HTTP ${response.status}`);
      }
      return parsePrometheusText(await readCapped(response, MAX_METRICS_BYTES));
    } catch (error) {
      this.warnings.warn(target.name, `${target.name} metrics at ${url} unreadable: ${String(error)}`);
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

/** The body as text, refusing (and cancelling) one over `maxBytes`, announced or not. */
async function readCapped(response: Response, maxBytes: number): Promise<string> {
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    await response.body?.cancel();
    throw new Error(`metrics over ${maxBytes} bytes`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) {
    size += chunk.value.byteLength;
    if (size > maxBytes) {
      await reader?.cancel();
      throw new Error(`metrics over ${maxBytes} bytes`);
    }
    chunks.push(chunk.value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
