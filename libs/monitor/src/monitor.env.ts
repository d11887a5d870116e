import { CacheEnv } from '@fleetcache/cache';
import { EnvInt, type EnvClass } from '@fleetcache/core';
import { ServiceEnv } from '@fleetcache/platform';
import { IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';

/** HTTP settings of the cache-monitor: the dashboard, /alarms and /metrics are on the internal port. */
export class MonitorHttpEnv extends ServiceEnv {
  override PORT = 3005;
  override INTERNAL_PORT = 9005;
}

/** `name=url` pairs, comma-separated. */
const SCRAPE_TARGETS =
  /^[a-z0-9][a-z0-9-]{0,62}=https?:\/\/[^\s,=]+(,[a-z0-9][a-z0-9-]{0,62}=https?:\/\/[^\s,=]+)*$/;

/** What the cache-monitor watches and how often. */
export class MonitorEnv {
  /** How often every node and service is sampled: one datapoint per series per period, ms (CloudWatch: 60 s). */
  @EnvInt() @IsInt() @Min(200) @Max(3_600_000) MONITOR_PERIOD_MS = 60_000;
  /** Datapoints kept per series (the dashboard's history and the alarms' window). */
  @EnvInt() @IsInt() @Min(10) @Max(100_000) MONITOR_HISTORY_POINTS = 1440;
  /** Which engines' nodes are sampled: `redis`, `memcached`, or both, comma-separated. */
  @Matches(/^(redis|memcached)(,(redis|memcached))?$/, {
    message: 'MONITOR_ENGINES must be redis, memcached or redis,memcached',
  })
  MONITOR_ENGINES = 'redis';
  /** The services' internal /metrics endpoints, `name=url` comma-separated (per-entity hit rate, outbox, warmer lag). */
  @Matches(SCRAPE_TARGETS, {
    message: 'MONITOR_SCRAPE_TARGETS must be name=http(s)://host:port/path pairs, comma-separated',
  })
  MONITOR_SCRAPE_TARGETS =
    'user-service=http://127.0.0.1:9001/metrics,product-service=http://127.0.0.1:9002/metrics,cache-warmer=http://127.0.0.1:9003/metrics';
  /** Longest a node's or service's answer may take before it counts as down, ms. */
  @EnvInt() @IsInt() @Min(50) @Max(60_000) MONITOR_SAMPLE_TIMEOUT_MS = 2000;
  /** A JSON file of alarm definitions: each replaces the default of the same name or adds one (docs/monitoring.md). */
  @IsOptional() @IsString() @MinLength(1) MONITOR_ALARMS_FILE?: string = undefined;
  /** Where alarm state changes are POSTed (SNS's role); unset: logged and counted only. */
  @IsOptional() @IsUrl({ require_tld: false, protocols: ['http', 'https'] }) MONITOR_WEBHOOK_URL?: string =
    undefined;
  /** Delivery attempts per notification (the first and its retries, backing off from 500 ms, doubling). */
  @EnvInt() @IsInt() @Min(1) @Max(20) MONITOR_WEBHOOK_ATTEMPTS = 5;
  /** Longest one webhook attempt may take, ms. */
  @EnvInt() @IsInt() @Min(100) @Max(60_000) MONITOR_WEBHOOK_TIMEOUT_MS = 5000;
}

/** Every schema the cache-monitor validates at start: HTTP, the cache connections (CacheEnv) and its own. */
export const MONITOR_ENV_SCHEMAS: readonly EnvClass[] = [MonitorHttpEnv, CacheEnv, MonitorEnv];

/** The validated environment of the cache-monitor. */
export type MonitorServiceEnv = MonitorHttpEnv & CacheEnv & MonitorEnv;
