// lag: how fast a change reaches the warmer and every instance. Two user-service instances with the near-cache
// on (so instance B is fresh only once the change event has dropped its L1 copy), the warmer, product-service.
// For each change: B holds the old version in L1, A is PATCHed, B is polled until it answers the new version.
//   commit → warmer applied: the warmer's own histogram, from the event's timestamp, taken in the writing
//   transaction just before commit (so a slow commit counts); the PATCH's own latency is reported beside it.
//   PATCH → all instances fresh: from the PATCH being sent (an upper bound of commit → fresh) and from its answer
//   (a lower bound), to B answering the new version.
import { stopAll } from '../lib/apps.mjs';
import { histogramDelta, histogramQuantile, percentile, round } from '../lib/stats.mjs';
import { startFleet } from './fleet.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const LAG = 'fleetcache_warmer_apply_lag_seconds';
// Live deliveries only: the periodic replay re-applies old events (fenced, harmless) seconds later by design.
const LIVE = { delivery: 'live' };

export async function lag(ctx) {
  const fleet = await startFleet(3241, { CACHE_NEAR_USER_MS: '60000' });
  const [a, b] = fleet.users;
  try {
    const changes = ctx.quick ? 30 : 300;
    const ids = ctx.ids.slice(2000, 2000 + changes);
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
    const ms = (q) => round(histogramQuantile(applied, q) * 1000);
    return {
      changes,
      warmerApplied: { p50: ms(0.5), p99: ms(0.99), count: applied.at(-1)[1] },
      allFreshFromSent: { p50: round(percentile(fromSent, 50)), p99: round(percentile(fromSent, 99)), max: round(Math.max(...fromSent)) },
      // The PATCH itself (transaction, commit, write-through): the warmer's clock starts inside it, before commit.
      patch: { p50: round(percentile(writes, 50)), p99: round(percentile(writes, 99)), max: round(Math.max(...writes)) },
      allFreshFromAnswer: { p50: round(percentile(fromAnswer, 50)), p99: round(percentile(fromAnswer, 99)), max: round(Math.max(...fromAnswer)) },
    };
  } finally {
    await stopAll(fleet.all);
  }
}

async function version(app, id) {
  const response = await fetch(`${app.url}/users/${id}`);
  if (!response.ok) throw new Error(`GET ${app.url}/users/${id}: ${response.status}`);
  return (await response.json()).data.version;
}
