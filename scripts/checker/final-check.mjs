// Invariant (c): once writes stop and the fleet settles, every cached key equals its database row.
import { connect } from 'node:net';
import HashRing from 'hashring';
import mysql from 'mysql2/promise';
import { Cluster } from 'ioredis';
import { MARIADB_PORT, MEMCACHED_NODES, REDIS_BASE_PORT } from './stack-env.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// An entity key holds `<version>:<staleAt>:<json>`, empty JSON for a tombstone (libs/cache/src/cache-entry.ts).
function decode(value) {
  const match = value === null ? null : /^(\d+):\d+:(.*)$/s.exec(value);
  return match ? [match[1], match[2] === '' ? null : match[2]] : [null, null];
}

/** Reads entity keys from Redis Cluster. */
function redisReader() {
  const redis = new Cluster([{ host: '127.0.0.1', port: REDIS_BASE_PORT }], { dnsLookup: (address, callback) => callback(null, address) });
  return { get: (keys) => Promise.all(keys.map((key) => redis.get(key))), close: () => redis.disconnect() };
}

/** One meta-protocol `mg <key> v` to a Memcached node: the value, or null on a miss. */
function memcachedGet(node, key) {
  const [host, port] = node.split(':');
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), host, () => socket.write(`mg ${key} v\r\n`));
    let reply = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      reply = Buffer.concat([reply, chunk]);
      const text = reply.toString('utf8');
      const value = /^VA (\d+)[^\r]*\r\n/.exec(text);
      if (text.startsWith('EN\r\n')) resolve(null);
      else if (value && reply.length >= value[0].length + Number(value[1]) + 2) resolve(reply.subarray(value[0].length, value[0].length + Number(value[1])).toString('utf8'));
      else return;
      socket.destroy();
    });
    socket.on('error', reject);
  });
}

/** Reads entity keys from the Memcached nodes, each on the node the apps' hash ring places it (by its hash tag). */
function memcachedReader() {
  const ring = new HashRing(MEMCACHED_NODES);
  const nodeOf = (key) => ring.get(/\{([^}]+)\}/.exec(key)?.[1] ?? key);
  return { get: (keys) => Promise.all(keys.map((key) => memcachedGet(nodeOf(key), key))), close: () => undefined };
}

async function compare(db, cache, keyOf, ids) {
  const [rows] = await db.query(`SELECT id, version, age FROM users WHERE id IN (${ids.map(() => '?').join(',')})`, ids);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const cached = (await cache.get(ids.map(keyOf))).map(decode);
  const divergent = ids
    .map((id, i) => {
      const [version, data] = cached[i];
      const row = byId.get(id);
      if (version === null) return null; // not cached: nothing to diverge
      const value = data === null ? null : JSON.parse(data);
      const same = row && value && Number(version) === row.version && value.version === row.version && value.age === row.age;
      return same ? null : { kind: 'divergent key', id, db: row ? { version: row.version, age: row.age } : null, cache: { version: Number(version), data: value && { version: value.version, age: value.age } } };
    })
    .filter(Boolean);
  // How many keys were found at all: none means the check reads where the apps do not write (it would prove nothing).
  divergent.found = cached.filter(([version]) => version !== null).length;
  return divergent;
}

/** Divergent keys after up to `settleMs` of convergence (replays, repairs); empty when the cache equals the database. */
export async function finalCheck(fleet, ids, settleMs = 15_000) {
  const env = fleet.users[0].env;
  const db = await mysql.createConnection({ host: '127.0.0.1', port: MARIADB_PORT, user: 'fleetcache', password: 'fleetcache', database: env.DB_NAME });
  const cache = env.CACHE_ENGINE === 'memcached' ? memcachedReader() : redisReader();
  const keyOf = (id) => `${env.CACHE_KEY_PREFIX}:${env.CACHE_SCHEMA_VERSION ?? 'v2'}:{user:${id}}`;
  try {
    const deadline = Date.now() + settleMs;
    for (;;) {
      const divergent = await compare(db, cache, keyOf, ids);
      if (divergent.found === 0) return [{ kind: 'no cached key found: the check reads where the apps do not write', ids: ids.length }];
      if (divergent.length === 0 || Date.now() > deadline) return divergent;
      await sleep(500);
    }
  } finally {
    await db.end();
    cache.close();
  }
}
