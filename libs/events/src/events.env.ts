import { cacheOptionsFromEnv, type CacheEnv } from '@fleetcache/cache';
import { EnvInt, IsDeploymentSecret } from '@fleetcache/core';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { DEFAULT_EVENT_PARTITIONS, DEFAULT_EVENTS_CHANNEL_PREFIX } from './events.constants';
import type { EventsTransportOptions } from './events.options';

/** Environment schema of change events (validated once at start); Redis comes from the cache's REDIS_* settings. */
export class EventsEnv {
  /** Channel prefix of event channels. */
  @Matches(/^[a-z0-9_-]{1,32}$/i) EVENTS_CHANNEL_PREFIX = DEFAULT_EVENTS_CHANNEL_PREFIX;
  /** Partitions per entity type; every publisher and consumer must agree. */
  @EnvInt() @IsInt() @Min(1) @Max(1024) EVENTS_PARTITIONS = DEFAULT_EVENT_PARTITIONS;
  /**
   * Shared secret of the internal endpoints (replay feed), sent by the cache-warmer in X-Internal-Token. Required:
   * at least 16 characters; with NODE_ENV=production at least 32, random, and no example or local default.
   */
  @IsDeploymentSecret() INTERNAL_TOKEN: string = undefined as unknown as string;
  /** The token before a rotation, still accepted by the services until every warmer sends the new one. */
  @Transform(({ value }) => (value === '' ? undefined : value))
  @IsOptional()
  @IsDeploymentSecret()
  INTERNAL_TOKEN_PREVIOUS?: string = undefined;
}

/** Transport options from validated env. */
export function eventsTransportFromEnv(env: EventsEnv & CacheEnv): EventsTransportOptions {
  return {
    redis: cacheOptionsFromEnv(env).redis,
    prefix: env.EVENTS_CHANNEL_PREFIX,
    partitions: env.EVENTS_PARTITIONS,
  };
}
