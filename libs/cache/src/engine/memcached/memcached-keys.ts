import { createHash } from 'node:crypto';

/** Memcached refuses keys longer than this many bytes. */
export const MEMCACHED_MAX_KEY_BYTES = 250;
/** TTLs above this many seconds are read by Memcached as a Unix time, not a duration. */
export const MEMCACHED_RELATIVE_TTL_LIMIT_S = 30 * 24 * 3600;

const PRINTABLE = /^[\x21-\x7e]+$/;
const HASH_TAG = /\{([^}]+)\}/;

/**
 * The key Memcached stores `key` under: the key itself when Memcached accepts it (at most 250 bytes, no spaces or
 * control characters), else `h:` and the SHA-256 of the key (a long or unusual id still caches, and cannot clash
 * with a key that fits).
 */
export function memcachedKey(key: string): string {
  if (key.length <= MEMCACHED_MAX_KEY_BYTES && PRINTABLE.test(key)) return key;
  return `h:${createHash('sha256').update(key).digest('base64url')}`;
}

/**
 * What the hash ring places `key` by: its hash tag (`{user:42}`) when it has one, as Redis Cluster does, so an
 * entity's value and its lease live on one node and are read in one round trip; else the whole key.
 */
export function routingKey(key: string): string {
  return HASH_TAG.exec(key)?.[1] ?? key;
}

/**
 * A TTL in ms as Memcached's exptime, in whole seconds. Memcached's clock ticks once a second and an item expires
 * when the clock reaches its exptime, so an item stored with N seconds lives between N−1 and N seconds: the TTL is
 * rounded up and one second added, so that nothing (a lease above all) lives shorter than asked. Above 30 days
 * Memcached reads the number as a Unix time, so a longer TTL is sent as the Unix time it ends at.
 */
export function memcachedExptime(ttlMs: number, now = Date.now()): number {
  const seconds = Math.ceil(Math.max(ttlMs, 0) / 1000) + 1;
  return seconds > MEMCACHED_RELATIVE_TTL_LIMIT_S ? Math.ceil(now / 1000) + seconds : seconds;
}
