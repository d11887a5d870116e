import { Injectable } from '@nestjs/common';
import { counter, histogram } from '@fleetcache/core';

/** How an event reached the warmer. */
export type Delivery = 'live' | 'replay';

/** Cache-warmer metrics (GET /metrics). */
@Injectable()
export class WarmerMetrics {
  private readonly received = counter({
    name: 'fleetcache_warmer_events_received_total',
    help: 'Valid events received over pub/sub.',
    labelNames: ['type'],
  });
  private readonly applied = counter({
    name: 'fleetcache_warmer_events_applied_total',
    help: 'Events applied to the cache, by delivery (live, replay) and result (stored, or fenced: that version or a newer one was already there, e.g. written through by the service).',
    labelNames: ['type', 'delivery', 'result'],
  });
  private readonly invalid = counter({
    name: 'fleetcache_warmer_events_invalid_total',
    help: 'Messages on event channels (delivery live) or events of a replay feed (delivery replay) that were not valid events (dropped, never applied).',
    labelNames: ['delivery'],
  });
  private readonly replays = counter({
    name: 'fleetcache_warmer_replays_total',
    help: 'Replay rounds by trigger.',
    labelNames: ['source', 'reason'],
  });
  private readonly warmed = counter({
    name: 'fleetcache_warmer_warmup_keys_total',
    help: 'Hot keys warmed at start.',
    labelNames: ['entity'],
  });
  private readonly lag = histogram({
    name: 'fleetcache_warmer_apply_lag_seconds',
    help: 'Time from the event occurring (in the writing transaction) to the warmer having applied it.',
    labelNames: ['delivery'],
    buckets: [
      0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
      60,
    ],
  });

  /** Counts a received event. */
  receivedEvent(type: string): void {
    this.received.inc({ type });
  }

  /** Counts an applied event and observes its lag. */
  appliedEvent(type: string, delivery: Delivery, stored: boolean, occurredAt: string): void {
    this.applied.inc({ type, delivery, result: stored ? 'stored' : 'fenced' });
    this.lag.observe({ delivery }, Math.max(0, Date.now() - Date.parse(occurredAt)) / 1000);
  }

  /** Counts an invalid message (dropped). */
  invalidMessage(delivery: Delivery = 'live'): void {
    this.invalid.inc({ delivery });
  }

  /** Counts a replay round. */
  replay(source: string, reason: string): void {
    this.replays.inc({ source, reason });
  }

  /** Counts warmed keys. */
  warmedKeys(entity: string, n: number): void {
    this.warmed.inc({ entity }, n);
  }
}
