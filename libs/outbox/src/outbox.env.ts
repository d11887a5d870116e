import type { CacheEnv } from '@fleetcache/cache';
import { EnvInt } from '@fleetcache/core';
import { eventsTransportFromEnv, type EventsEnv } from '@fleetcache/events';
import { IsInt, Max, Min } from 'class-validator';
import type { OutboxModuleOptions } from './outbox.options';

/** Environment schema of a service's outbox relay (validated once at start). */
export class OutboxEnv {
  /** Relay backstop poll interval, ms (commits wake it at once). */
  @EnvInt() @IsInt() @Min(10) @Max(60_000) OUTBOX_POLL_MS = 1000;
  /** Hours published outbox rows are kept for replay. */
  @EnvInt() @IsInt() @Min(1) @Max(24 * 90) OUTBOX_RETENTION_HOURS = 72;
}

/** Outbox options of the service `source` from validated env. */
export function outboxOptionsFromEnv(env: EventsEnv & OutboxEnv & CacheEnv, source: string): OutboxModuleOptions {
  return {
    ...eventsTransportFromEnv(env),
    source,
    internalTokens: [env.INTERNAL_TOKEN, env.INTERNAL_TOKEN_PREVIOUS].filter((t): t is string => !!t),
    pollIntervalMs: env.OUTBOX_POLL_MS,
    retentionHours: env.OUTBOX_RETENTION_HOURS,
  };
}
