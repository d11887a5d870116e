// floor, hit, hit-memcached, l1, db, peer-cm, peer-bento, peer-bento-tiered: the same GET of a user by id (ids from a pool of
// 1,000), 50 connections, server on one core and load generator on the other. The runs are interleaved (run 1 of
// every scenario, then run 2 …) so slow drift of the machine hits every scenario alike.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, startAll, stopAll } from '../lib/apps.mjs';
import { attack, visitAll } from '../lib/load.mjs';
import { summary } from '../lib/stats.mjs';

export const THROUGHPUT_IDS = ['floor', 'hit', 'hit-memcached', 'l1', 'db', 'peer-cm', 'peer-bento', 'peer-bento-tiered'];

/** The scenario of `--baseline`: user-service built from another commit (its own key prefix and channels). */
export const BASELINE_ID = 'hit-baseline';

const ROUTES = {
  floor: ['peers', '/floor/users/'],
  hit: ['hit', '/users/'],
  'hit-memcached': ['hitMemcached', '/users/'],
  l1: ['l1', '/users/'],
  db: ['db', '/users/'],
  'peer-cm': ['peers', '/cm/users/'],
  'peer-bento': ['peers', '/bento/users/'],
  'peer-bento-tiered': ['peers', '/bento-tiered/users/'],
  [BASELINE_ID]: [BASELINE_ID, '/users/'],
};

/** Runs the throughput scenarios in `only` (all by default). */
export async function throughput(ctx, only = THROUGHPUT_IDS) {
  const ids = ctx.ids.slice(0, 1000);
  const apps = {
    hit: new App('user-service', 3201),
    hitMemcached: new App('user-service', 3205, { CACHE_ENGINE: 'memcached' }), // the same app on the Memcached engine
    l1: new App('user-service', 3202, { CACHE_NEAR_USER_MS: '60000', CACHE_NEAR_MAX_ENTRIES: '10000' }),
    db: new App('user-service', 3203, { CACHE_READS_ENABLED: 'false' }),
  };
  if (ctx.baseline) {
    const own = { CACHE_KEY_PREFIX: 'fcbbase', EVENTS_CHANNEL_PREFIX: 'fcbbase' }; // its key format may differ
    apps[BASELINE_ID] = new App('user-service', 3204, own, { root: ctx.baseline.root, name: `baseline ${ctx.baseline.commit.slice(0, 8)}` });
  }
  await startAll(Object.values(apps));
  try {
    apps.peers = new App('bench-peers', 3210, { BENCH_FLOOR_BODY_FILE: await floorBody(apps.hit, ids[0]) });
    await apps.peers.start();
    for (const id of only) await prewarm(apps[ROUTES[id][0]].url, ROUTES[id][1], ids);
    const runs = Object.fromEntries(only.map((id) => [id, []]));
    for (let run = 0; run < ctx.runs; run++) {
      for (const id of only) {
        const [app, prefix] = ROUTES[id];
        const pick = () => ({ path: `${prefix}${ids[Math.floor(Math.random() * ids.length)]}` });
        await attack(apps[app].url, pick, { duration: ctx.warmupSeconds });
        const cpuBefore = apps[app].cpuSeconds();
        const result = await attack(apps[app].url, pick, { duration: ctx.seconds });
        result.cpuUsPerRequest = ((apps[app].cpuSeconds() - cpuBefore) * 1e6) / Math.max(1, result.total);
        runs[id].push(result);
        ctx.log(`${id} run ${run + 1}: ${Math.round(runs[id].at(-1).rps)} req/s`);
      }
    }
    return Object.fromEntries(only.map((id) => [id, summarize(runs[id])]));
  } finally {
    await stopAll(Object.values(apps));
  }
}

/** The floor answers the body user-service gives for one user, byte for byte the size of a real response. */
async function floorBody(hit, id) {
  const body = await fetch(`${hit.url}/users/${id}`).then((r) => r.text());
  const file = join(tmpdir(), `fleetcache-bench-floor-${process.pid}.json`);
  writeFileSync(file, body);
  return file;
}

/** Every cache is warmed the same way: every id requested twice in order (cache-manager fills after answering). */
async function prewarm(url, prefix, ids) {
  const paths = ids.map((id) => `${prefix}${id}`);
  const failed = (await visitAll(url, paths)) + (await visitAll(url, paths));
  if (failed) throw new Error(`pre-warming ${url}${prefix}: ${failed} requests failed`);
}

/** Median and spread of the runs, with errors and non-2xx summed over all runs. */
export function summarize(runs) {
  return {
    rps: summary(runs.map((r) => r.rps)),
    p50: summary(runs.map((r) => r.p50)),
    p99: summary(runs.map((r) => r.p99)),
    max: summary(runs.map((r) => r.max)),
    // Server CPU per request: what the scenario costs the server, whether or not the load generator kept up.
    cpuUsPerRequest: summary(runs.map((r) => Math.round(r.cpuUsPerRequest * 10) / 10)),
    loadGenCpu: summary(runs.map((r) => Math.round(r.loadGenCpu * 100) / 100)),
    requests: runs.reduce((n, r) => n + r.total, 0),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
  };
}
