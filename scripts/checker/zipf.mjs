// Zipf(s) sampler over 1..n by inverse CDF (precomputed): a few hot ids get most of the traffic.
export function zipfSampler(n, s = 1.0, random = Math.random) {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let k = 1; k <= n; k++) cdf[k - 1] = sum += 1 / k ** s;
  for (let k = 0; k < n; k++) cdf[k] /= sum;
  return () => {
    const u = random();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo; // index 0..n-1, 0 the hottest
  };
}
