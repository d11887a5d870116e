// stampede: 1,000 concurrent requests for one cold key over 2 instances (500 each); how many times did the key's
// value come from MySQL? fleetcache: its read-path loads (fleetcache_cache_loads_total); the peers: their
// loader's own count for that id.
import { App, startAll, stopAll } from '../lib/apps.mjs';
import { forgetUsers } from '../lib/setup.mjs';

const REQUESTS = 1000;

export async function stampede(ctx) {
  const cold = ctx.ids.slice(-50).sort(() => Math.random() - 0.5);
  const result = {};
  const ours = [new App('user-service', 3221), new App('user-service', 3222)];
  await startAll(ours);
  try {
    const id = cold.pop();
    await forgetUsers([id]);
    const loads = () => Promise.all(ours.map((a) => a.metric('fleetcache_cache_loads_total', { entity: 'user' })));
    const before = await loads();
    const answers = await burst(ours, `/users/${id}`);
    const after = await loads();
    result.fleetcache = { dbLoads: sum(after) - sum(before), ...answers };
  } finally {
    await stopAll(ours);
  }
  const peers = [new App('bench-peers', 3231), new App('bench-peers', 3232)];
  await startAll(peers);
  try {
    for (const [name, prefix] of [['peer-cm', '/cm/users/'], ['peer-bento', '/bento/users/'], ['peer-bento-tiered', '/bento-tiered/users/']]) {
      const id = cold.pop();
      await forgetUsers([id]);
      const answers = await burst(peers, `${prefix}${id}`);
      const counts = await Promise.all(peers.map((p) => fetch(`${p.url}/bench/loads?id=${id}`).then((r) => r.json())));
      result[name] = { dbLoads: counts.reduce((n, c) => n + c.loads, 0), ...answers };
    }
  } finally {
    await stopAll(peers);
  }
  ctx.log(`stampede: ${Object.entries(result).map(([k, v]) => `${k} ${v.dbLoads}`).join(', ')}`);
  return result;
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
