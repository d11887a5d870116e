import { cacheEnvSchemas, type CacheEnv } from '@fleetcache/cache';
import { EnvBool, EnvInt, type EntityTypeDefinition, type EnvClass } from '@fleetcache/core';
import { EventsEnv } from '@fleetcache/events';
import { ServiceEnv } from '@fleetcache/platform';
import { IsBoolean, IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { eventSourcesEnvSchema } from './replay/event-sources';

/** HTTP settings of the cache-warmer (health and metrics only). */
export class WarmerHttpEnv extends ServiceEnv {
  override PORT = 3003;
  override INTERNAL_PORT = 9003;
}

/** How the cache-warmer replays and warms (where the services are: their `<SERVICE>_URL` variables). */
export class WarmerEnv {
  /** API key sent on warm-up reads, needed only when the services run with API_AUTH=all. */
  @IsOptional() @IsString() @MinLength(1) WARMER_API_KEY?: string = undefined;
  /** How often the warmer replays each service's outbox from its cursor (the backstop for missed messages), ms. */
  @EnvInt() @IsInt() @Min(100) @Max(600_000) WARMER_REPLAY_INTERVAL_MS = 5000;
  /** How many of the most-read ids of each entity type are warmed at start (the reference warms 1,000 users). */
  @EnvInt() @IsInt() @Min(0) @Max(100_000) WARMER_WARMUP_TOP_N = 1000;
  /** Warm the hot keys at start. */
  @EnvBool() @IsBoolean() WARMER_WARMUP_ON_START = true;
}

/**
 * Every schema the cache-warmer validates at start for the entity types it applies: no database settings (it
 * never holds DB credentials); the cache settings of each type, and the URLs of each owning service.
 */
export function warmerEnvSchemas(types: readonly EntityTypeDefinition[]): EnvClass[] {
  return [WarmerHttpEnv, ...cacheEnvSchemas(types), EventsEnv, WarmerEnv, eventSourcesEnvSchema(types)];
}

/** The validated environment of the cache-warmer. */
export type WarmerServiceEnv = WarmerHttpEnv & CacheEnv & EventsEnv & WarmerEnv;
