import { Injectable } from '@nestjs/common';
import { counter } from '@fleetcache/core';

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

  /** Counts a failed relay round. */
  publishFailed(): void {
    this.failures.inc();
  }
}
