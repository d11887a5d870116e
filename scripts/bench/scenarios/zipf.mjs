// zipf: Zipf(1.0) over the whole user pool (100,000; 10,000 in quick mode), 95% GET / 5% PATCH, two instances with
// 25 connections each, the warmer running. First one run from a cold cache (the benchmark's keys deleted): the
// cold start. Then every user is loaded once with batch reads (what a warm-up job does; with a 1 h TTL a live
// fleet's steady state holds nearly the whole set), a warm-up, and the measured runs: the steady state.
// DB reads per request = the instances' cache loads (each one SELECT on the read path) per request.
import { stopAll } from '../lib/apps.mjs';
import { attack } from '../lib/load.mjs';
import { forgetPrefix } from '../lib/setup.mjs';
import { round, summary } from '../lib/stats.mjs';
import { zipfSampler } from '../../checker/zipf.mjs';
import { startFleet } from './fleet.mjs';

const LOOKUPS = 'fleetcache_cache_lookups_total';

export async function zipf(ctx) {
  await forgetPrefix('fcb:');
  const fleet = await startFleet(3251, {}, { WARMER_WARMUP_ON_START: 'true' });
  try {
    const next = zipfSampler(ctx.ids.length, 1.0);
    const pick = () => {
      const path = `/users/${ctx.ids[next()]}`;
      if (Math.random() >= 0.05) return { path };
      const body = JSON.stringify({ age: 18 + Math.floor(Math.random() * 70) });
      return { path, method: 'PATCH', headers: { 'content-type': 'application/json' }, body };
    };
    const both = (options) => Promise.all(fleet.users.map((u) => attack(u.url, pick, { connections: 25, ...options })));
    const measure = async () => {
      const before = await counters(fleet.users);
      const [one, two] = await both({ duration: ctx.seconds });
      const after = await counters(fleet.users);
      const delta = (key) => after[key] - before[key];
      const requests = one.total + two.total;
      return {
        rps: one.rps + two.rps,
        p99: Math.max(one.p99, two.p99),
        max: Math.max(one.max, two.max),
        hitRatio: (delta('hit') + delta('hit_l1')) / Math.max(1, delta('hit') + delta('hit_l1') + delta('miss') + delta('stale')),
        dbReadsPerRequest: delta('loads') / Math.max(1, requests),
        sqlPerRequest: delta('sql') / Math.max(1, requests),
        requests,
        errors: one.errors + two.errors,
        non2xx: one.non2xx + two.non2xx,
        statuses: mergeCounts(one.statuses, two.statuses),
      };
    };
    const cold = await measure();
    ctx.log(`zipf cold start: ${Math.round(cold.rps)} req/s, hit ratio ${cold.hitRatio.toFixed(3)}`);
    await loadEveryUser(fleet.users[0].url, ctx.ids);
    await both({ duration: ctx.warmupSeconds });
    const runs = [];
    for (let run = 0; run < ctx.runs; run++) {
      runs.push(await measure());
      ctx.log(`zipf run ${run + 1}: ${Math.round(runs.at(-1).rps)} req/s, hit ratio ${runs.at(-1).hitRatio.toFixed(3)}`);
    }
    const field = (key) => summary(runs.map((r) => round(r[key], 4)));
    return {
      users: ctx.ids.length,
      coldStart: {
        rps: round(cold.rps),
        hitRatio: round(cold.hitRatio, 4),
        dbReadsPerRequest: round(cold.dbReadsPerRequest, 4),
        p99: cold.p99,
        errors: cold.errors,
        non2xx: cold.non2xx,
      },
      rps: field('rps'),
      hitRatio: field('hitRatio'),
      dbReadsPerRequest: field('dbReadsPerRequest'),
      sqlPerRequest: field('sqlPerRequest'),
      p99: field('p99'),
      max: field('max'),
      requests: runs.reduce((n, r) => n + r.requests, 0),
      errors: runs.reduce((n, r) => n + r.errors, 0),
      non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
      statuses: mergeCounts(...runs.map((r) => r.statuses)),
    };
  } finally {
    await stopAll(fleet.all);
  }
}

/** Reads every user once through the batch endpoint (100 ids per request, 8 at a time). */
async function loadEveryUser(url, ids) {
  const batches = [];
  for (let i = 0; i < ids.length; i += 100) batches.push(ids.slice(i, i + 100));
  const worker = async () => {
    for (let batch = batches.pop(); batch; batch = batches.pop()) {
      const response = await fetch(`${url}/users?ids=${batch.join(',')}`);
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`batch warm-up: ${response.status}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

function mergeCounts(...counts) {
  const total = {};
  for (const c of counts) for (const [k, v] of Object.entries(c ?? {})) total[k] = (total[k] ?? 0) + v;
  return total;
}

/** Lookup results, read-path loads and SQL statements, summed over the instances. */
async function counters(apps) {
  const total = {};
  for (const app of apps) {
    for (const result of ['hit', 'hit_l1', 'miss', 'stale']) {
      total[result] = (total[result] ?? 0) + (await app.metric(LOOKUPS, { entity: 'user', result }));
    }
    total.loads = (total.loads ?? 0) + (await app.metric('fleetcache_cache_loads_total', { entity: 'user' }));
    total.sql = (total.sql ?? 0) + (await app.metric('fleetcache_db_queries_total'));
  }
  return total;
}
