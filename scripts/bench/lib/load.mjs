// HTTP load with autocannon (programmatic): a warm-up, then measured runs; every error and non-2xx is counted.
import autocannon from 'autocannon';

/**
 * One autocannon run. `pick()` returns the next request `{ path, method?, headers?, body? }`; `connections`
 * default 50. Each request starts from a clean GET: autocannon reuses the request object, and a content-length
 * left over from a PATCH would corrupt the next GET.
 * Returns req/s, latency p50/p99/max (ms), totals, errors and non-2xx.
 */
export async function attack(baseUrl, pick, { connections = 50, duration = 10, amount } = {}) {
  const cpuBefore = process.cpuUsage();
  const result = await autocannon({
    url: baseUrl,
    connections,
    ...(amount ? { amount } : { duration }),
    requests: [{ setupRequest: (req) => ({ ...req, method: 'GET', headers: {}, body: undefined, ...pick() }) }],
  });
  const cpu = process.cpuUsage(cpuBefore);
  return {
    // Successful answers per second: a non-2xx answer is not throughput (it is counted below).
    rps: result['2xx'] / result.duration,
    // The load generator's own CPU over the run, as a share of one core: near 1, the generator is the limit.
    loadGenCpu: (cpu.user + cpu.system) / 1e6 / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    total: result.requests.total,
    errors: result.errors, // autocannon counts timeouts among its errors
    non2xx: result.non2xx,
    statuses: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, v]) => [code, v.count])),
    duration: result.duration,
  };
}

/** Requests every path in order, one at a time (cache pre-warming), and checks each answered 2xx. */
export async function visitAll(baseUrl, paths) {
  let failed = 0;
  for (const path of paths) {
    const response = await fetch(`${baseUrl}${path}`);
    await response.arrayBuffer();
    if (!response.ok) failed++;
  }
  return failed;
}
