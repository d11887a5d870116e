// Small statistics helpers: median and spread of repeated runs, percentiles, histogram quantiles.

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median with the spread of the runs: `{ median, min, max, runs }`. */
export function summary(values) {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), runs: values };
}

/** Percentile (0..100) of raw samples, nearest rank. */
export function percentile(samples, p) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** A quantile (0..1) of a Prometheus histogram given as cumulative [bound, count] pairs, interpolated in the bucket. */
export function histogramQuantile(buckets, q) {
  const total = buckets.at(-1)?.[1] ?? 0;
  if (total === 0) return NaN;
  const rank = q * total;
  let [prevBound, prevCount] = [0, 0];
  for (const [bound, count] of buckets) {
    if (count >= rank) {
      if (bound === Infinity) return prevBound;
      return prevBound + ((bound - prevBound) * (rank - prevCount)) / Math.max(1, count - prevCount);
    }
    [prevBound, prevCount] = [bound, count];
  }
  return prevBound;
}

/** Bucket-wise difference of two cumulative histograms (after − before). */
export function histogramDelta(after, before) {
  const earlier = new Map(before);
  return after.map(([bound, count]) => [bound, count - (earlier.get(bound) ?? 0)]);
}

export const round = (value, digits = 2) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : value);
