/**
 * The `q` quantile of a cumulative histogram (bucket upper bound → observations at or below it), interpolated within
 * its bucket as Prometheus' histogram_quantile does; undefined with no observations. In the +Inf bucket, the highest
 * finite bound.
 */
export function histogramQuantile(q: number, cumulative: ReadonlyMap<number, number>): number | undefined {
  const bounds = [...cumulative.keys()].sort((a, b) => a - b);
  const total =
    cumulative.get(Number.POSITIVE_INFINITY) ??
    (bounds.length ? cumulative.get(bounds[bounds.length - 1]) : 0) ??
    0;
  if (total <= 0) return undefined;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const bound of bounds) {
    const count = cumulative.get(bound) ?? 0;
    if (count >= rank) {
      if (bound === Number.POSITIVE_INFINITY) return lowerBound;
      const inBucket = count - lowerCount;
      return inBucket <= 0 ? bound : lowerBound + (bound - lowerBound) * ((rank - lowerCount) / inBucket);
    }
    lowerBound = bound;
    lowerCount = count;
  }
  return lowerBound;
}
