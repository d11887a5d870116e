// batch: GET /users?ids= with 100 ids spread over every shard, against 100 single GETs. One request at a time, timed
// here with a microsecond clock (autocannon rounds latencies to whole milliseconds), so latency is the request's
// own. Round trips = Redis pipelines per batch (fleetcache_cache_batch_pipelines_total).
import { App } from '../lib/apps.mjs';
import { visitAll } from '../lib/load.mjs';
import { masterCount } from '../lib/setup.mjs';
import { percentile, round, summary } from '../lib/stats.mjs';

export async function batch(ctx) {
  const ids = shuffle(ctx.ids.slice(0, 1000)).slice(0, 100);
  const app = await new App('user-service', 3205).start();
  try {
    await visitAll(app.url, ids.map((id) => `/users/${id}`));
    const batchPath = `/users?ids=${ids.join(',')}`;
    const amount = ctx.quick ? 100 : 1000;
    await timed(app.url, () => batchPath, 20);
    const runs = [];
    for (let run = 0; run < ctx.runs; run++) {
      const before = await app.metric('fleetcache_cache_batch_pipelines_total');
      const batched = await timed(app.url, () => batchPath, amount);
      const pipelines = (await app.metric('fleetcache_cache_batch_pipelines_total')) - before;
      const single = await timed(app.url, () => `/users/${ids[Math.floor(Math.random() * 100)]}`, amount);
      const started = performance.now();
      await visitAll(app.url, ids.map((id) => `/users/${id}`));
      runs.push({ batched, single, pipelines, hundredSinglesMs: performance.now() - started });
    }
    const of = (f) => summary(runs.map((r) => round(f(r), 3)));
    return {
      masters: await masterCount(),
      roundTripsPerBatch: of((r) => r.pipelines / r.batched.total),
      batch: { p50: of((r) => r.batched.p50), p99: of((r) => r.batched.p99), max: of((r) => r.batched.max) },
      single: { p50: of((r) => r.single.p50), p99: of((r) => r.single.p99), max: of((r) => r.single.max) },
      hundredSinglesMs: of((r) => r.hundredSinglesMs),
      batchVsSingleP50: of((r) => r.batched.p50 / Math.max(r.single.p50, 0.001)),
      requests: runs.reduce((n, r) => n + r.batched.total + r.single.total, 0),
      errors: runs.reduce((n, r) => n + r.batched.errors + r.single.errors, 0),
      non2xx: runs.reduce((n, r) => n + r.batched.non2xx + r.single.non2xx, 0),
    };
  } finally {
    await app.stop();
  }
}

/** `amount` requests one after another; latencies in ms (µs resolution), errors and non-2xx counted. */
async function timed(url, path, amount) {
  const latencies = [];
  let errors = 0;
  let non2xx = 0;
  for (let i = 0; i < amount; i++) {
    const started = performance.now();
    try {
      const response = await fetch(`${url}${path()}`);
      await response.arrayBuffer();
      if (!response.ok) non2xx++;
    } catch {
      errors++;
    }
    latencies.push(performance.now() - started);
  }
  const ms = (p) => round(percentile(latencies, p), 3);
  return { p50: ms(50), p99: ms(99), max: round(Math.max(...latencies), 3), total: amount, errors, non2xx };
}

function shuffle(values) {
  const copy = [...values];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}
