import {
  Counter,
  Gauge,
  Histogram,
  register,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
  type LabelValues,
} from 'prom-client';

/**
 * Returns the counter registered under `config.name` in the default registry, creating it on first use, so that
 * several module instances in one process (tests, two caches) share one metric instead of failing to register.
 */
export function counter<L extends string>(config: CounterConfiguration<L>): Counter<L> {
  return (register.getSingleMetric(config.name) as Counter<L> | undefined) ?? new Counter(config);
}

/** Like {@link counter}, for histograms. */
export function histogram<L extends string>(config: HistogramConfiguration<L>): Histogram<L> {
  return (register.getSingleMetric(config.name) as Histogram<L> | undefined) ?? new Histogram(config);
}

/** Like {@link counter}, for gauges. */
export function gauge<L extends string>(config: GaugeConfiguration<L>): Gauge<L> {
  return (register.getSingleMetric(config.name) as Gauge<L> | undefined) ?? new Gauge(config);
}

/** One label combination of a {@link TalliedCounter}: add to `count`; the next scrape moves it into the counter. */
export interface Tally {
  count: number;
}

/**
 * A counter for hot paths: callers keep a {@link Tally} per label combination and add to a plain number, and the
 * sums reach the Prometheus counter when the registry is collected (a scrape). Counting then costs an addition
 * instead of prom-client's label hashing and bookkeeping on every call.
 */
export class TalliedCounter<L extends string> {
  private readonly tallies: { labels: LabelValues<L>; tally: Tally }[] = [];

  constructor(config: CounterConfiguration<L>) {
    const tallies = this.tallies;
    counter<L>({
      ...config,
      collect(this: Counter<L>) {
        for (const { labels, tally } of tallies) {
          if (tally.count === 0) continue;
          this.inc(labels, tally.count);
          tally.count = 0;
        }
      },
    });
  }

  /** A new tally for `labels` (keep it: each call adds one). */
  tally(labels: LabelValues<L>): Tally {
    const tally = { count: 0 };
    this.tallies.push({ labels, tally });
    return tally;
  }
}

const talliedCounters = new Map<string, TalliedCounter<string>>();

/** The {@link TalliedCounter} named `config.name`, created on first use (shared like {@link counter}). */
export function talliedCounter<L extends string>(config: CounterConfiguration<L>): TalliedCounter<L> {
  let found = talliedCounters.get(config.name);
  if (!found)
    talliedCounters.set(config.name, (found = new TalliedCounter(config) as TalliedCounter<string>));
  return found as TalliedCounter<L>;
}
