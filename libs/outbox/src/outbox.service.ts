import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ChangeEvent } from '@fleetcache/events';
import type { OutboxModuleOptions } from './outbox.options';
import { OUTBOX_OPTIONS } from './outbox.module-definition';
import { OutboxEntity } from './outbox.entity';
import { OutboxMetrics } from './outbox.metrics';
import { OutboxRelay, type OutboxRow } from './outbox.relay';

/** An event written to the outbox in a transaction that has not necessarily committed yet. */
export type AppendedEvent = OutboxRow;

/**
 * Writes change events into the outbox inside the caller's transaction; after commit publishes them at once (the
 * relay is the backstop for any that fail, or whose process dies before publishing).
 */
@Injectable()
export class Outbox {
  constructor(
    @Inject(OUTBOX_OPTIONS) private readonly options: OutboxModuleOptions,
    private readonly relay: OutboxRelay,
    private readonly metrics: OutboxMetrics,
  ) {}

  /** The name of this service's event stream. */
  get source(): string {
    return this.options.source;
  }

  /** Appends `event` in `tx`: it commits, or rolls back, with the change it describes. */
  async append(tx: EntityManager, event: ChangeEvent): Promise<AppendedEvent | undefined> {
    const payload = JSON.stringify(event);
    const result = await tx.insert(OutboxEntity, {
      source: this.options.source,
      eventId: event.id,
      type: event.type,
      entityId: event.entityId,
      version: event.version,
      payload,
    });
    this.metrics.wrote(event.type);
    // Without the row's id the event can't be marked published after a direct publish: leave it to the relay.
    const id = (result.identifiers[0] as { id?: string | number } | undefined)?.id;
    return id === undefined
      ? undefined
      : { id: String(id), entity_id: event.entityId, type: event.type, payload };
  }

  /**
   * Call after the transaction committed. With the appended event: publishes it now and marks its row published
   * (if that fails, the relay publishes it). Without: wakes the relay, which publishes whatever is pending.
   */
  committed(appended?: AppendedEvent): void {
    if (appended) this.relay.publishNow(appended);
    else this.relay.wake();
  }
}
