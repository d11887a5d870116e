import { Injectable } from '@nestjs/common';
import { counter, gauge } from '@fleetcache/core';

/** Outbox counters in the default Prometheus registry. */
@Injectable()
export class OutboxMetrics {
  private readonly written = counter({
    name: 'fleetcache_outbox_written_total',
    help: 'Change events written to the outbox.',
    labelNames: ['type'],
  });
  private readonly published = counter({
    name: 'fleetcache_outbox_published_total',
    help: 'Outbox rows published to Redis.',
  });
  private readonly pending = gauge({
    name: 'fleetcache_outbox_pending_rows',
    help: "Rows of this service's outbox not yet published, counted after relay rounds (at most once a second, up to 100,000).",
  });
  private readonly failures = counter({
    name: 'fleetcache_outbox_publish_failures_total',
    help: 'Relay rounds that could not publish (rows wait for the next round).',
  });

  /** Counts an event written in a transaction. */
  wrote(type: string): void {
    this.written.inc({ type });
  }

  /** Counts published rows. */
  publishedRows(n: number): void {
    this.published.inc(n);
  }

  /** Sets how many rows wait to be published. */
  pendingRows(n: number): void {
    this.pending.set(n);
  }

  /** Counts a failed relay round. */
  publishFailed(): void {
    this.failures.inc();
  }
}
