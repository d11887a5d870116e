import type { EventsTransportOptions } from '@fleetcache/events';

/** Options of {@link OutboxModule}. */
export interface OutboxModuleOptions extends EventsTransportOptions {
  /** Name of the writing service: the stream its events belong to. */
  source: string;
  /** Secrets the internal replay endpoint accepts in `X-Internal-Token`: the current one, and the previous during a rotation. */
  internalTokens: string[];
  /** How often the relay looks for unpublished rows besides being woken by commits, ms. Default: 1000. */
  pollIntervalMs?: number;
  /** Published rows are deleted after this many hours (replay window). Default: 72. */
  retentionHours?: number;
}
