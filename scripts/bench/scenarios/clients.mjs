// clients: where a hit's time goes. Client CPU per command of the Redis clients involved, 50 commands in flight
// against the same cluster, in this (pinned) process: ioredis 6 Cluster, which fleetcache uses, and node-redis
// (@redis/client), which @keyv/redis uses, GETting the users' cached entries. fleetcache's own hit path reads
// through its direct reader instead (libs/cache/src/direct), whose cost shows in the hit scenario.
import { createCluster } from '@redis/client';
import Redis from 'ioredis';
import { REDIS_SEEDS } from '../lib/setup.mjs';
import { round, summary } from '../lib/stats.mjs';

export async function clients(ctx) {
  const n = ctx.quick ? 20_000 : 200_000;
  const keys = ctx.ids.slice(0, 1000).map((id) => `fcb:v2:{user:${id}}`);
  const io = new Redis.Cluster(REDIS_SEEDS, { enableAutoPipelining: true, redisOptions: { commandTimeout: 250 } });
  const nr = createCluster({ rootNodes: REDIS_SEEDS.map((s) => ({ url: `redis://${s.host}:${s.port}` })) });
  await nr.connect();
  try {
    const calls = {
      ioredisGetUs: (k) => io.get(k),
      nodeRedisGetUs: (k) => nr.get(k),
    };
    const runs = Object.fromEntries(Object.keys(calls).map((name) => [name, []]));
    for (let run = 0; run < ctx.runs; run++) {
      for (const [name, call] of Object.entries(calls)) runs[name].push(await cpuPerCommand(call, keys, n));
    }
    return { commands: n, ...Object.fromEntries(Object.entries(runs).map(([name, values]) => [name, summary(values)])) };
  } finally {
    io.disconnect();
    await nr.quit();
  }
}

/** CPU microseconds this process spends per command with 50 in flight (after a warm-up). */
async function cpuPerCommand(call, keys, n) {
  const drive = async (count) => {
    let sent = 0;
    const worker = async () => {
      while (sent < count) await call(keys[sent++ % keys.length]);
    };
    await Promise.all(Array.from({ length: 50 }, worker));
  };
  await drive(5000);
  const before = process.cpuUsage();
  await drive(n);
  const used = process.cpuUsage(before);
  return round((used.user + used.system) / n, 1);
}
