// Invariant (c): once writes stop and the fleet settles, every cached key equals its database row.
import mysql from 'mysql2/promise';
import { Cluster } from 'ioredis';
import { MARIADB_PORT, REDIS_BASE_PORT } from './stack-env.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// An entity key holds `<version>:<staleAt>:<json>`, empty JSON for a tombstone (libs/cache/src/cache-entry.ts).
function decode(value) {
  const match = value === null ? null : /^(\d+):\d+:(.*)$/s.exec(value);
  return match ? [match[1], match[2] === '' ? null : match[2]] : [null, null];
}

async function compare(db, redis, keyOf, ids) {
  const [rows] = await db.query(`SELECT id, version, age FROM users WHERE id IN (${ids.map(() => '?').join(',')})`, ids);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const cached = (await Promise.all(ids.map((id) => redis.get(keyOf(id))))).map(decode);
  return ids
    .map((id, i) => {
      const [version, data] = cached[i];
      const row = byId.get(id);
      if (version === null) return null; // not cached: nothing to diverge
      const value = data === null ? null : JSON.parse(data);
      const same = row && value && Number(version) === row.version && value.version === row.version && value.age === row.age;
      return same ? null : { kind: 'divergent key', id, db: row ? { version: row.version, age: row.age } : null, cache: { version: Number(version), data: value && { version: value.version, age: value.age } } };
    })
    .filter(Boolean);
}

/** Divergent keys after up to `settleMs` of convergence (replays, repairs); empty when the cache equals the database. */
export async function finalCheck(fleet, ids, settleMs = 15_000) {
  const env = fleet.users[0].env;
  const db = await mysql.createConnection({ host: '127.0.0.1', port: MARIADB_PORT, user: 'fleetcache', password: 'fleetcache', database: env.DB_NAME });
  const redis = new Cluster([{ host: '127.0.0.1', port: REDIS_BASE_PORT }], { dnsLookup: (address, callback) => callback(null, address) });
  const keyOf = (id) => `${env.CACHE_KEY_PREFIX}:${env.CACHE_SCHEMA_VERSION ?? 'v2'}:{user:${id}}`;
  try {
    const deadline = Date.now() + settleMs;
    for (;;) {
      const divergent = await compare(db, redis, keyOf, ids);
      if (divergent.length === 0 || Date.now() > deadline) return divergent;
      await sleep(500);
    }
  } finally {
    await db.end();
    redis.disconnect();
  }
}
