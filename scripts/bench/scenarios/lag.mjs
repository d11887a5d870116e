// lag: how fast a change reaches the warmer and every instance. Two user-service instances with the near-cache
// on (so instance B is fresh only once the change event has dropped its L1 copy), the warmer, product-service.
// For each change: B holds the old version in L1, A is PATCHed, B is polled until it answers the new version.
//   commit → warmer applied: the warmer's own histogram, from the event's timestamp, taken in the writing
//   transaction just before commit (so a slow commit counts); the PATCH's own latency is reported beside it.
//   PATCH → all instances fresh: from the PATCH being sent (an upper bound of commit → fresh) and from its answer
//   (a lower bound), to B answering the new version.
import { stopAll } from '../lib/apps.mjs';
import { histogramDelta, histogramQuantile, percentile, round, summary } from '../lib/stats.mjs';
import { startFleet } from './fleet.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const LAG = 'fleetcache_warmer_apply_lag_seconds';
// Live deliveries only: the periodic replay re-applies old events (fenced, harmless) seconds later by design.
const LIVE = { delivery: 'live' };

export async function lag(ctx) {
  const fleet = await startFleet(3241, { CACHE_NEAR_USER_MS: '60000' });
  const [a, b] = fleet.users;
  try {
    const perRun = ctx.quick ? 30 : 100;
    const runs = [];
    for (let run = 0; run < ctx.runs; run++) {
      runs.push(await changeRun(fleet, a, b, ctx.ids.slice(2000 + run * perRun, 2000 + (run + 1) * perRun)));
    }
    const of = (f) => summary(runs.map((r) => round(f(r))));
    const stats = (key) => ({ p50: of((r) => r[key].p50), p99: of((r) => r[key].p99), max: of((r) => r[key].max) });
    return {
      changes: perRun * ctx.runs,
      warmerApplied: { p50: of((r) => r.warmerApplied.p50), p99: of((r) => r.warmerApplied.p99), count: runs.reduce((n, r) => n + r.warmerApplied.count, 0) },
      allFreshFromSent: stats('allFreshFromSent'),
      patch: stats('patch'),
      allFreshFromAnswer: stats('allFreshFromAnswer'),
    };
  } finally {
    await stopAll(fleet.all);
  }
}

/** One run: for each id, B holds it in L1, A is PATCHed, B is polled until it answers the new version. */
async function changeRun(fleet, a, b, ids) {
  const before = await fleet.warmer.histogram(LAG, LIVE);
  const fromSent = [];
  const fromAnswer = [];
  const writes = [];
  for (const id of ids) {
    const old = await version(b, id);
    await version(b, id); // now in B's L1
    const sent = performance.now();
    const patched = await fetch(`${a.url}/users/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ age: 20 + Math.floor(Math.random() * 60) }),
    });
    if (!patched.ok) throw new Error(`PATCH /users/${id}: ${patched.status}`);
    const answered = performance.now();
    const wanted = (await patched.json()).data.version;
    if (wanted <= old) throw new Error(`PATCH /users/${id} did not raise the version`);
    while ((await version(b, id)) < wanted) {
      if (performance.now() - sent > 10_000) throw new Error(`instance B never saw /users/${id} v${wanted}`);
    }
    const fresh = performance.now();
    fromSent.push(fresh - sent);
    fromAnswer.push(fresh - answered);
    writes.push(answered - sent);
    await sleep(5);
  }
  await sleep(500); // let the warmer finish the last events
  const applied = histogramDelta(await fleet.warmer.histogram(LAG, LIVE), before);
  const ms = (q) => histogramQuantile(applied, q) * 1000;
  const spread = (values) => ({ p50: percentile(values, 50), p99: percentile(values, 99), max: Math.max(...values) });
  return {
    warmerApplied: { p50: ms(0.5), p99: ms(0.99), count: applied.at(-1)[1] },
    allFreshFromSent: spread(fromSent),
    allFreshFromAnswer: spread(fromAnswer),
    patch: spread(writes),
  };
}

async function version(app, id) {
  const response = await fetch(`${app.url}/users/${id}`);
  if (!response.ok) throw new Error(`GET ${app.url}/users/${id}: ${response.status}`);
  return (await response.json()).data.version;
}
