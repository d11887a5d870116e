// stampede: 1,000 concurrent requests for one cold key over 2 instances (500 each); how many times did the key's
// value come from MySQL? fleetcache (on Redis Cluster, and on Memcached): its read-path loads
// (fleetcache_cache_loads_total); the peers: their loader's own count for that id. fleetcache bursts 10 times on
// each engine, the peers --runs times.
import { App, startAll, stopAll } from '../lib/apps.mjs';
import { forgetMemcachedUsers, forgetUsers } from '../lib/setup.mjs';
import { summary } from '../lib/stats.mjs';

const REQUESTS = 1000;
// fleetcache's bursts, in every mode: "exactly one load" must hold run after run, not once.
const OUR_RUNS = 10;

export async function stampede(ctx) {
  const cold = ctx.ids.slice(-100).sort(() => Math.random() - 0.5);
  const bursts = { fleetcache: [], 'fleetcache-memcached': [], 'peer-cm': [], 'peer-bento': [], 'peer-bento-tiered': [] };
  bursts.fleetcache = await ourBursts(cold, {}, forgetUsers);
  bursts['fleetcache-memcached'] = await ourBursts(cold, { CACHE_ENGINE: 'memcached' }, forgetMemcachedUsers);
  const peers = [new App('bench-peers', 3231), new App('bench-peers', 3232)];
  await startAll(peers);
  try {
    for (let run = 0; run < ctx.runs; run++) {
      for (const [name, prefix] of [['peer-cm', '/cm/users/'], ['peer-bento', '/bento/users/'], ['peer-bento-tiered', '/bento-tiered/users/']]) {
        const id = cold.pop();
        await forgetUsers([id]);
        const answers = await burst(peers, `${prefix}${id}`);
        const counts = await Promise.all(peers.map((p) => fetch(`${p.url}/bench/loads?id=${id}`).then((r) => r.json())));
        bursts[name].push({ dbLoads: counts.reduce((n, c) => n + c.loads, 0), ...answers });
      }
    }
  } finally {
    await stopAll(peers);
  }
  const result = Object.fromEntries(
    Object.entries(bursts).map(([name, runs]) => [
      name,
      {
        dbLoads: summary(runs.map((r) => r.dbLoads)),
        burstMs: summary(runs.map((r) => r.ms)),
        requests: sum(runs.map((r) => r.requests)),
        ok: sum(runs.map((r) => r.ok)),
        errors: sum(runs.map((r) => r.errors)),
        non2xx: sum(runs.map((r) => r.non2xx)),
      },
    ]),
  );
  ctx.log(`stampede: ${Object.entries(result).map(([k, v]) => `${k} ${v.dbLoads.runs.join('/')}`).join(', ')}`);
  return result;
}

/** OUR_RUNS bursts on two user-service instances with `env`, each on a fresh id made cold with `forget`. */
async function ourBursts(cold, env, forget) {
  const ours = [new App('user-service', 3221, env), new App('user-service', 3222, env)];
  const runs = [];
  await startAll(ours);
  try {
    const loads = () => Promise.all(ours.map((a) => a.metric('fleetcache_cache_loads_total', { entity: 'user' })));
    for (let run = 0; run < OUR_RUNS; run++) {
      const id = cold.pop();
      await forget([id]);
      const before = await loads();
      const answers = await burst(ours, `/users/${id}`);
      runs.push({ dbLoads: sum(await loads()) - sum(before), ...answers });
    }
  } finally {
    await stopAll(ours);
  }
  return runs;
}

/** REQUESTS concurrent GETs spread evenly over the instances; counts answers by status. */
async function burst(apps, path) {
  const started = performance.now();
  const statuses = await Promise.all(
    Array.from({ length: REQUESTS }, (_, i) =>
      fetch(`${apps[i % apps.length].url}${path}`).then(
        async (r) => (await r.arrayBuffer(), r.status),
        () => 0,
      ),
    ),
  );
  return {
    requests: REQUESTS,
    ok: statuses.filter((s) => s === 200).length,
    errors: statuses.filter((s) => s === 0).length,
    non2xx: statuses.filter((s) => s !== 0 && (s < 200 || s > 299)).length,
    ms: Math.round(performance.now() - started),
  };
}

const sum = (values) => values.reduce((a, b) => a + b, 0);
