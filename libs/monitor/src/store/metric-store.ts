/** Where a series comes from: a cache node's own statistics, or the services' counters. */
export type SeriesSource = 'engine' | 'app';

/** What names one series: a CloudWatch-style metric and its dimensions. */
export interface SeriesKey {
  source: SeriesSource;
  /** The CloudWatch name (CacheHitRate, Evictions, …) or, for the services, the monitor's own (OutboxBacklog, …). */
  metric: string;
  /** `redis` or `memcached` (engine series). */
  engine?: string;
  /** `host:port` of the node, or `all` for the fleet-wide value (engine series). */
  node?: string;
  /** `master`, `replica` or `node` (Memcached) (engine series). */
  role?: string;
  /** The entity type (app series per entity). */
  entity?: string;
}

/** One series with its recent points, oldest first: `[unix ms, value]`. */
export interface Series extends SeriesKey {
  id: string;
  points: Array<[number, number]>;
}

/** The dimensions a series must have to match (an absent dimension matches any). */
export type SeriesFilter = Partial<SeriesKey>;

const DIMENSIONS = ['source', 'metric', 'engine', 'node', 'role', 'entity'] as const;

/** The id of a series: its dimensions in a fixed order. */
export function seriesId(key: SeriesKey): string {
  return DIMENSIONS.map((dimension) => key[dimension] ?? '').join('|');
}

/**
 * The recent history of every series, kept in memory: at most `capacity` points per series, older ones dropped. The
 * collector writes a point per series each period; alarms and the dashboard read it.
 */
export class MetricStore {
  private readonly series = new Map<string, Series>();

  constructor(private readonly capacity: number) {}

  /** Adds a point. */
  record(key: SeriesKey, at: number, value: number): void {
    const id = seriesId(key);
    let series = this.series.get(id);
    if (!series) {
      series = { ...key, id, points: [] };
      this.series.set(id, series);
    }
    series.points.push([at, value]);
    if (series.points.length > this.capacity) series.points.splice(0, series.points.length - this.capacity);
  }

  /** Drops points older than `cutoff` (unix ms), and series left with none (a node that left, a role it lost). */
  dropBefore(cutoff: number): void {
    for (const [id, series] of this.series) {
      const keep = series.points.findIndex(([at]) => at >= cutoff);
      if (keep === -1) this.series.delete(id);
      else if (keep > 0) series.points.splice(0, keep);
    }
  }

  /** The series matching `filter`, each with its points at or after `since` (unix ms). */
  select(filter: SeriesFilter = {}, since = 0): Series[] {
    const found: Series[] = [];
    for (const series of this.series.values()) {
      if (!matches(series, filter)) continue;
      found.push({ ...series, points: series.points.filter(([at]) => at >= since) });
    }
    return found;
  }
}

function matches(series: SeriesKey, filter: SeriesFilter): boolean {
  return DIMENSIONS.every(
    (dimension) => filter[dimension] === undefined || filter[dimension] === series[dimension],
  );
}
