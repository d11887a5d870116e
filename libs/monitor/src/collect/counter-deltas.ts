/**
 * Turns monotonically growing counters (a node's total hits, a service's lookups) into per-period increases. A counter
 * that went down was reset (the process restarted): its increase is its new value.
 */
export class CounterDeltas {
  private readonly last = new Map<string, number>();

  /**
   * The increase of counter `id` since the previous call. The first time: undefined, or, with `newStartsAtZero`
   * (its source was read before and did not have it, so it was created since), its whole value.
   */
  delta(id: string, value: number, newStartsAtZero = false): number | undefined {
    const previous = this.last.get(id);
    this.last.set(id, value);
    if (previous === undefined) return newStartsAtZero ? value : undefined;
    return value >= previous ? value - previous : value;
  }

  /** Forgets counters whose id starts with `prefix` (a node that left). */
  forget(prefix: string): void {
    for (const id of this.last.keys()) if (id.startsWith(prefix)) this.last.delete(id);
  }
}

/**
 * Lookups a period needs before its hit rate is a datapoint: below it, a handful of misses on a quiet night would read
 * as a collapsed hit rate. No datapoint then, which the hit-rate alarms treat as not breaching.
 */
export const MIN_LOOKUPS_FOR_HIT_RATE = 10;

/** Hits as a percentage of lookups; undefined below {@link MIN_LOOKUPS_FOR_HIT_RATE} lookups. */
export function hitRate(hits: number | undefined, lookups: number | undefined): number | undefined {
  return lookups === undefined || lookups < MIN_LOOKUPS_FOR_HIT_RATE ? undefined : percent(hits, lookups);
}

/** `part / whole` as a percentage; undefined when `whole` is 0 (no traffic: no datapoint). */
export function percent(part: number | undefined, whole: number | undefined): number | undefined {
  if (part === undefined || whole === undefined || whole <= 0) return undefined;
  return (part * 100) / whole;
}

/** A period's lookups under their CloudWatch names: hits, misses and the hit rate they give. */
export function lookupValues(hits: number | undefined, misses: number | undefined) {
  return { CacheHits: hits, CacheMisses: misses, CacheHitRate: hitRate(hits, (hits ?? 0) + (misses ?? 0)) };
}
