import { CacheEnv } from '@fleetcache/cache';
import { EnvBool, EnvInt } from '@fleetcache/core';
import { EventsEnv } from '@fleetcache/events';
import { ServiceEnv } from '@fleetcache/platform';
import { IsBoolean, IsInt, IsOptional, IsString, IsUrl, Max, Min, MinLength } from 'class-validator';

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/** HTTP settings of the cache-warmer (health and metrics only). */
export class WarmerHttpEnv extends ServiceEnv {
  override PORT = 3003;
  override INTERNAL_PORT = 9003;
}

/** What the cache-warmer talks to and how often it replays. */
export class WarmerEnv {
  /** Base URL of user-service's public port (warm-up reads). */
  @IsUrl(URL_OPTIONS) USER_SERVICE_URL = 'http://127.0.0.1:3001';
  /** Base URL of user-service's internal port (its replay feed). */
  @IsUrl(URL_OPTIONS) USER_SERVICE_INTERNAL_URL = 'http://127.0.0.1:9001';
  /** Base URL of product-service's public port. */
  @IsUrl(URL_OPTIONS) PRODUCT_SERVICE_URL = 'http://127.0.0.1:3002';
  /** Base URL of product-service's internal port. */
  @IsUrl(URL_OPTIONS) PRODUCT_SERVICE_INTERNAL_URL = 'http://127.0.0.1:9002';
  /** API key sent on warm-up reads, needed only when the services run with API_AUTH=all. */
  @IsOptional() @IsString() @MinLength(1) WARMER_API_KEY?: string = undefined;
  /** How often the warmer replays each service's outbox from its cursor (the backstop for missed messages), ms. */
  @EnvInt() @IsInt() @Min(100) @Max(600_000) WARMER_REPLAY_INTERVAL_MS = 5000;
  /** How many of the most-read ids of each entity type are warmed at start (the reference warms 1,000 users). */
  @EnvInt() @IsInt() @Min(0) @Max(100_000) WARMER_WARMUP_TOP_N = 1000;
  /** Warm the hot keys at start. */
  @EnvBool() @IsBoolean() WARMER_WARMUP_ON_START = true;
}

/** Every schema the cache-warmer validates at start. It has no database settings: it never holds DB credentials. */
export const WARMER_ENV_SCHEMAS = [WarmerHttpEnv, CacheEnv, EventsEnv, WarmerEnv];

/** The validated environment of the cache-warmer. */
export type WarmerServiceEnv = WarmerHttpEnv & CacheEnv & EventsEnv & WarmerEnv;
