// Benchmark set-up: builds, the bench database seeded with users, the id pool, machine facts, cold keys.
import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';
import { cpus } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import mysql from 'mysql2/promise';
import { ROOT, bin, run } from '../../lib/workspace.mjs';
import { BENCH_ENV } from './apps.mjs';

export const REDIS_SEEDS = [7000, 7001, 7002].map((port) => ({ host: '127.0.0.1', port }));
/** The local stack's Memcached nodes (the apps' MEMCACHED_NODES default). */
const MEMCACHED_PORTS = [7020, 7021, 7022];
const BENCH_KEY_PREFIX = BENCH_ENV.CACHE_KEY_PREFIX;
const DB = { host: '127.0.0.1', port: 3307, user: 'fleetcache', password: 'fleetcache', database: BENCH_ENV.DB_NAME };

/** Builds the bundles the benchmark runs. */
export function build() {
  const projects = 'user-service,product-service,cache-warmer,bench-peers,assistant-service,semantic-bench';
  bin('nx', ['run-many', '-t', 'build', '-p', projects, '--output-style=static']);
}

/** Migrates the bench database and makes sure it holds at least `count` generated users (idempotent). */
export function seedUsers(count) {
  run(process.execPath, [join(ROOT, 'dist/apps/user-service/main.js'), 'seed', String(count)], {
    env: { ...BENCH_ENV },
  });
}

/** The first `count` user ids of the bench database, ascending. */
export async function userIds(count) {
  const db = await mysql.createConnection(DB);
  try {
    const [rows] = await db.query('SELECT id FROM users ORDER BY id LIMIT ?', [count]);
    if (rows.length < count) throw new Error(`the bench database holds ${rows.length} users, ${count} needed`);
    return rows.map((r) => r.id);
  } finally {
    await db.end();
  }
}

/** CPU model, cores, Node, Redis and MariaDB versions. */
export async function machineFacts() {
  const db = await mysql.createConnection(DB);
  const [[{ version }]] = await db.query('SELECT VERSION() AS version');
  await db.end();
  const redis = new Redis(REDIS_SEEDS[0]);
  const info = await redis.info('server');
  redis.disconnect();
  return {
    cpu: cpus()[0]?.model.trim(),
    cores: cpus().length,
    node: process.version,
    redis: /redis_version:(\S+)/.exec(info)?.[1],
    memcached: memcachedVersion(),
    mariadb: version,
    os: execFileSync('uname', ['-sr'], { encoding: 'utf8' }).trim(),
  };
}

/** The memcached binary's version, or undefined when there is none. */
function memcachedVersion() {
  try {
    return execFileSync('memcached', ['-V'], { encoding: 'utf8' }).trim().split(' ')[1];
  } catch {
    return undefined;
  }
}

/** Scans every master for keys matching `pattern` and hands each batch to `onKeys(node, keys)`. */
async function scanMasters(pattern, onKeys) {
  const cluster = new Redis.Cluster(REDIS_SEEDS);
  try {
    await cluster.ping();
    for (const node of cluster.nodes('master')) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await onKeys(node, keys);
      } while (cursor !== '0');
    }
  } finally {
    cluster.disconnect();
  }
}

/** Deletes keys one by one (each key has its own slot, so no multi-key command). */
const unlinkAll = (node, keys) => node.pipeline(keys.map((key) => ['unlink', key])).exec();

/**
 * Deletes every cached copy of the given user ids, whoever cached them (fleetcache `{user:ID}`, BentoCache
 * `…user:ID`, cache-manager `…/users/ID`), so a stampede really starts cold.
 */
export function forgetUsers(ids) {
  const wanted = new Set(ids.map(String));
  const ownsId = (key) => {
    const m = /(?:\{user:(\d+)\}|user:(\d+)$|\/users\/(\d+)$)/.exec(key);
    return m && wanted.has(m[1] ?? m[2] ?? m[3]);
  };
  return scanMasters('*user*', (node, keys) => {
    const mine = keys.filter(ownsId);
    return mine.length ? unlinkAll(node, mine) : undefined;
  });
}

/** Deletes fleetcache's cached copies of the given user ids from the local stack's Memcached nodes (every node). */
export async function forgetMemcachedUsers(ids) {
  const commands = ids.map((id) => `md ${BENCH_KEY_PREFIX}:v2:{user:${id}}\r\n`).join('') + 'mn\r\n';
  await Promise.all(
    MEMCACHED_PORTS.map(
      (port) =>
        new Promise((resolve, reject) => {
          const socket = connect(port, '127.0.0.1', () => socket.write(commands));
          let reply = '';
          socket.on('data', (chunk) => {
            reply += chunk;
            if (reply.endsWith('MN\r\n')) resolve(socket.destroy());
          });
          socket.on('error', reject);
        }),
    ),
  );
}

/** Deletes every key under a prefix (the benchmark's own `fcb:` keys), so a scenario starts cold. */
export function forgetPrefix(prefix) {
  return scanMasters(`${prefix}*`, unlinkAll);
}

/** How many masters the cluster has. */
export async function masterCount() {
  const cluster = new Redis.Cluster(REDIS_SEEDS);
  try {
    await cluster.ping();
    return cluster.nodes('master').length;
  } finally {
    cluster.disconnect();
  }
}
