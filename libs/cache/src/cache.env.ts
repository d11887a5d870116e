import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import {
  EnvBool,
  EnvInt,
  IsHostPortList,
  TlsSetting,
  uniqueEntityTypes,
  type EntityTypeDefinition,
  type EnvClass,
} from '@fleetcache/core';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import type { CacheModuleOptions } from './cache.options';
import { entityCacheEnv, entityCacheSettings, mapValues } from './entity-types/entity-cache.env';
import { DEFAULT_KEY_PREFIX, DEFAULT_SCHEMA_VERSION } from './keys/cache-keys';
import { DEFAULT_LEASE_MAX_WAIT_MS, DEFAULT_LEASE_TTL_MS } from './stampede/lease-coordinator';
import { CACHE_ENGINE_NAMES, type CacheEngineName } from './engine/cache-engine';
import {
  DEFAULT_DISCOVERY_POLL_MS,
  type MemcachedNode,
  type MemcachedOptions,
} from './engine/memcached/memcached.options';

/** Environment schema of the cache (validated once at start by the service's config module). */
export class CacheEnv {
  /** Where entities are cached: `redis` (REDIS_*) or `memcached` (MEMCACHED_*). Events and rankings stay on Redis. */
  @IsIn(CACHE_ENGINE_NAMES) CACHE_ENGINE: CacheEngineName = 'redis';
  /** Comma-separated host:port list of the Memcached nodes (CACHE_ENGINE=memcached, without a discovery endpoint). */
  @IsHostPortList() MEMCACHED_NODES = '127.0.0.1:7020,127.0.0.1:7021,127.0.0.1:7022';
  /** host:port of an ElastiCache-style configuration endpoint (`config get cluster`); set, it replaces MEMCACHED_NODES. */
  @IsOptional() @IsHostPortList({ single: true }) MEMCACHED_DISCOVERY_ENDPOINT?: string = undefined;
  /** How often the configuration endpoint is polled, ms. */
  @EnvInt() @IsInt() @Min(100) @Max(3_600_000) MEMCACHED_DISCOVERY_POLL_MS = DEFAULT_DISCOVERY_POLL_MS;
  /** Connect to Memcached with TLS; the server's certificate is always verified (MEMCACHED_TLS_CA, else the system CAs). */
  @EnvBool() @IsBoolean() MEMCACHED_TLS = false;
  /** PEM file of the CA that signed Memcached's certificates (MEMCACHED_TLS). */
  @IsOptional() @TlsSetting({ flag: 'MEMCACHED_TLS', file: true }) MEMCACHED_TLS_CA?: string = undefined;
  /** Per-command timeout of Memcached calls, ms. */
  @EnvInt() @IsInt() @Min(10) @Max(60_000) MEMCACHED_COMMAND_TIMEOUT_MS = 250;
  /** `cluster` (Redis Cluster seed nodes) or `single` (one standalone server). */
  @IsIn(['cluster', 'single']) REDIS_MODE: 'cluster' | 'single' = 'cluster';
  /** Comma-separated host:port list: cluster seed nodes, or the single server. */
  @IsHostPortList() REDIS_NODES = '127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002';
  /** Redis ACL user (each app has its own: k8s/base/redis/acl-users.sh). */
  @IsOptional() @IsString() REDIS_USERNAME?: string = undefined;
  /** Redis ACL password. */
  @IsOptional() @IsString() REDIS_PASSWORD?: string = undefined;
  /** Connect with TLS; the server's certificate is always verified (REDIS_TLS_CA, else the system CAs). */
  @EnvBool() @IsBoolean() REDIS_TLS = false;
  /** PEM file of the CA that signed Redis's certificates (REDIS_TLS); unset: the system CAs. */
  @IsOptional() @TlsSetting({ flag: 'REDIS_TLS', file: true }) REDIS_TLS_CA?: string = undefined;
  /** Name Redis's certificates are checked against instead of each node's host (REDIS_TLS), e.g. when nodes are IPs. */
  @IsOptional() @TlsSetting({ flag: 'REDIS_TLS' }) REDIS_TLS_SERVERNAME?: string = undefined;
  /** Per-command timeout in ms. */
  @EnvInt() @IsInt() @Min(10) @Max(60_000) REDIS_COMMAND_TIMEOUT_MS = 250;
  /** ioredis auto-pipelining: single-node mode, and the event publisher (the cache's cluster client: off, see README). */
  @EnvBool() @IsBoolean() REDIS_AUTO_PIPELINING = true;
  /** Key prefix. */
  @Matches(/^[a-z0-9_-]{1,32}$/i) CACHE_KEY_PREFIX = DEFAULT_KEY_PREFIX;
  /** Key schema version (every write also deletes the entity's key of the version before it). */
  @Matches(/^v\d{1,6}$/) CACHE_SCHEMA_VERSION = DEFAULT_SCHEMA_VERSION;
  /** Relative TTL jitter in [0, 0.5]. */
  @Transform(({ value }) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value))
  @IsNumber()
  @Min(0)
  @Max(0.5)
  CACHE_TTL_JITTER = 0.1;
  /** Lifetime of delete tombstones, seconds. */
  @EnvInt() @IsInt() @Min(1) CACHE_TOMBSTONE_TTL_SECONDS = 300;
  /** Most entries per entity type in the near-cache. */
  @EnvInt() @IsInt() @Min(1) @Max(10_000_000) CACHE_NEAR_MAX_ENTRIES = 10_000;
  /** How long a 404 is cached (negative caching), seconds; 0 turns it off. */
  @EnvInt() @IsInt() @Min(0) @Max(3600) CACHE_NEGATIVE_TTL_SECONDS = 30;
  /** `false`: reads bypass the cache and go to MySQL every time (kill switch; the benchmarks' uncached baseline). */
  @EnvBool() @IsBoolean() CACHE_READS_ENABLED = true;
  /** Fleet-wide stampede protection (one loader per key across all instances). */
  @EnvBool() @IsBoolean() CACHE_STAMPEDE_PROTECTION = true;
  /** Lease lifetime: the longest a crashed loader can hold a key up, ms (a live loader renews it). */
  @EnvInt() @IsInt() @Min(50) @Max(60_000) CACHE_STAMPEDE_LEASE_MS = DEFAULT_LEASE_TTL_MS;
  /** Longest a caller waits for another instance's load before answering 503, ms; keep it above DB_READ_TIMEOUT_MS. */
  @EnvInt() @IsInt() @Min(100) @Max(60_000) CACHE_STAMPEDE_MAX_WAIT_MS = DEFAULT_LEASE_MAX_WAIT_MS;
}

/**
 * Every schema of the cache's environment: the shared {@link CacheEnv} and, per registered entity type, its TTL,
 * stale-while-revalidate and near-cache variables and its derived values' TTLs, with the type's defaults.
 */
export function cacheEnvSchemas(types: readonly EntityTypeDefinition[]): EnvClass[] {
  return [CacheEnv, ...uniqueEntityTypes(types).map(entityCacheEnv)];
}

/**
 * Turns validated cache environment into {@link CacheModuleOptions}, with the settings of the registered entity
 * types (`env` validated against {@link cacheEnvSchemas} of the same types). Without types: the Redis connection
 * and the shared settings only.
 */
export function cacheOptionsFromEnv(
  env: CacheEnv,
  types: readonly EntityTypeDefinition[] = [],
): CacheModuleOptions {
  const settings = entityCacheSettings(env as unknown as Record<string, number>, types);
  return {
    engine: env.CACHE_ENGINE,
    memcached: memcachedOptionsFromEnv(env),
    redis: {
      mode: env.REDIS_MODE,
      nodes: parseNodes(env.REDIS_NODES),
      username: env.REDIS_USERNAME,
      password: env.REDIS_PASSWORD,
      tls: env.REDIS_TLS ? redisTlsOptions(env) : false,
      commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
      autoPipelining: env.REDIS_AUTO_PIPELINING,
    },
    keyPrefix: env.CACHE_KEY_PREFIX,
    schemaVersion: env.CACHE_SCHEMA_VERSION,
    ttlSeconds: settings.ttlSeconds,
    ttlJitter: env.CACHE_TTL_JITTER,
    tombstoneTtlSeconds: env.CACHE_TOMBSTONE_TTL_SECONDS,
    negativeTtlSeconds: env.CACHE_NEGATIVE_TTL_SECONDS,
    readsEnabled: env.CACHE_READS_ENABLED,
    staleAfterSeconds: settings.staleAfterSeconds,
    nearCache: mapValues(settings.nearCacheMs, (ttlMs) => ({
      ttlMs,
      maxEntries: env.CACHE_NEAR_MAX_ENTRIES,
    })),
    stampede: {
      disabled: !env.CACHE_STAMPEDE_PROTECTION,
      leaseTtlMs: env.CACHE_STAMPEDE_LEASE_MS,
      maxWaitMs: env.CACHE_STAMPEDE_MAX_WAIT_MS,
    },
  };
}

/** The Memcached options of validated environment. */
function memcachedOptionsFromEnv(env: CacheEnv): MemcachedOptions {
  const endpoint = env.MEMCACHED_DISCOVERY_ENDPOINT;
  return {
    ...(endpoint
      ? { discovery: { endpoint: parseNodes(endpoint)[0], pollMs: env.MEMCACHED_DISCOVERY_POLL_MS } }
      : { nodes: parseNodes(env.MEMCACHED_NODES) }),
    tls: env.MEMCACHED_TLS ? verifiedTls(env.MEMCACHED_TLS_CA) : false,
    commandTimeoutMs: env.MEMCACHED_COMMAND_TIMEOUT_MS,
  };
}

/** `host:port[,host:port…]` as nodes (validated by the schema). */
function parseNodes(list: string): MemcachedNode[] {
  return list.split(',').map((node) => {
    const split = node.lastIndexOf(':');
    return { host: node.slice(0, split), port: Number(node.slice(split + 1)) };
  });
}

/** TLS options that verify the server's certificate, against the CA in `caFile` when it is set. */
function verifiedTls(caFile: string | undefined, servername?: string): ConnectionOptions {
  return {
    rejectUnauthorized: true,
    ...(caFile ? { ca: readFileSync(caFile, 'utf8') } : {}),
    ...(servername ? { servername } : {}),
  };
}

/** Node TLS options of every Redis connection: certificates verified, against REDIS_TLS_CA when it is set. */
export function redisTlsOptions(env: CacheEnv): ConnectionOptions {
  return verifiedTls(env.REDIS_TLS_CA, env.REDIS_TLS_SERVERNAME);
}
