// Where the local stack listens: the same overrides as scripts/stack/stack.sh (STACK_REDIS_BASE_PORT,
// STACK_MARIADB_PORT), so the checker can run against a throwaway stack beside the usual one.
// Without them: Redis Cluster 127.0.0.1:7000-7005 (extra shard 7006/7007), Memcached 127.0.0.1:7020-7022, MariaDB
// 127.0.0.1:3307.

/** First port of the Redis Cluster. */
export const REDIS_BASE_PORT = Number(process.env.STACK_REDIS_BASE_PORT || 7000);
/** Ports of the extra shard `stack.sh add-shard` adds (master, replica). */
export const EXTRA_SHARD_PORTS = [REDIS_BASE_PORT + 6, REDIS_BASE_PORT + 7];
/** The Memcached nodes (CACHE_ENGINE=memcached), as the apps list them in MEMCACHED_NODES. */
export const MEMCACHED_NODES = [20, 21, 22].map((i) => `127.0.0.1:${REDIS_BASE_PORT + i}`);
/** Where stack.sh keeps its state (the Memcached nodes' pid files). */
export const STACK_DIR = process.env.STACK_DIR || new URL('../../.stack', import.meta.url).pathname;
/** MariaDB port. */
export const MARIADB_PORT = Number(process.env.STACK_MARIADB_PORT || 3307);

/** Env for the apps under test: points them at an overridden stack (nothing when the defaults apply). */
export function appStackEnv() {
  const env = {};
  if (process.env.STACK_REDIS_BASE_PORT && !process.env.REDIS_NODES) {
    env.REDIS_NODES = [0, 1, 2].map((i) => `127.0.0.1:${REDIS_BASE_PORT + i}`).join(',');
  }
  if (process.env.STACK_MARIADB_PORT && !process.env.DB_PORT) env.DB_PORT = String(MARIADB_PORT);
  return env;
}
