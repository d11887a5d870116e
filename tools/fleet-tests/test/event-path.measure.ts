import { ReplayService } from '@fleetcache/warmer';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fleetEnv, http, start, uniqueEmail, type RunningService } from './support/fleet';

const CHANGES = Number(process.env.MEASURE_CHANGES ?? 1000);
const MISSED = 200;

/** Quantile from a Prometheus histogram's cumulative buckets, interpolated linearly inside the bucket. */
function quantile(buckets: [number, number][], q: number): number {
  const total = buckets.at(-1)![1];
  const rank = q * total;
  let [prevLe, prevCount] = [0, 0];
  for (const [le, count] of buckets) {
    if (count >= rank) return prevLe + (le - prevLe) * ((rank - prevCount) / Math.max(1, count - prevCount));
    [prevLe, prevCount] = [le, count];
  }
  return buckets.at(-1)![0];
}

async function lagBuckets(warmer: RunningService): Promise<[number, number][]> {
  const text = await (await fetch(`${warmer.internalUrl}/metrics`)).text();
  return text
    .split('\n')
    .filter(
      (l) =>
        l.startsWith('fleetcache_warmer_apply_lag_seconds_bucket{') &&
        l.includes('delivery="live"') &&
        !l.includes('+Inf'),
    )
    .map(
      (l) =>
        [Number(/le="([^"]+)"/.exec(l)![1]), Number(l.slice(l.lastIndexOf(' ') + 1))] as [number, number],
    );
}

describe('event path measurements (prints figures)', () => {
  it(`lag over ${CHANGES} changes and replay time of ${MISSED} missed changes`, async () => {
    const env = fleetEnv();
    const [users, products] = await Promise.all([start.users(env), start.products(env)]);
    let warmer = await start.warmer(env, { users, products });
    await warmer.app.get(ReplayService).settled();
    const user = (
      await http(`${users.url}/users`, { method: 'POST', body: { name: 'Lag', email: uniqueEmail('lag') } })
    ).body.data;
    const before = await lagBuckets(warmer);
    for (let i = 0; i < CHANGES; i++)
      await http(`${users.url}/users/${user.id}`, { method: 'PATCH', body: { age: i % 150 } });
    await new Promise((r) => setTimeout(r, 500));
    const after = await lagBuckets(warmer);
    const delta = after.map(([le, count], i): [number, number] => [le, count - (before[i]?.[1] ?? 0)]);
    const lag = {
      changes: delta.at(-1)![1],
      p50_ms: quantile(delta, 0.5) * 1000,
      p99_ms: quantile(delta, 0.99) * 1000,
    };

    await warmer.close();
    for (let i = 0; i < MISSED; i++)
      await http(`${users.url}/users/${user.id}`, { method: 'PATCH', body: { age: i % 100 } });
    const started = performance.now();
    warmer = await start.warmer(env, { users, products });
    await warmer.app.get(ReplayService).settled();
    const replayMs = performance.now() - started;

    const result = {
      date: new Date().toISOString(),
      lag,
      replay: { missed: MISSED, ms_from_start_to_applied: Math.round(replayMs) },
    };
    console.log(
      `event path: commit→applied p50 ${lag.p50_ms.toFixed(2)} ms, p99 ${lag.p99_ms.toFixed(2)} ms over ${lag.changes} changes; replay of ${MISSED} missed changes ${result.replay.ms_from_start_to_applied} ms`,
    );
    mkdirSync(join(__dirname, '../../../tmp'), { recursive: true });
    writeFileSync(join(__dirname, '../../../tmp/event-path.json'), JSON.stringify(result, null, 2));
    expect(lag.changes).toBeGreaterThanOrEqual(CHANGES);
    await Promise.all([users, products, warmer].map((s) => s.close()));
  });
});
