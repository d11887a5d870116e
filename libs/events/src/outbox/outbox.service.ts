import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ChangeEvent } from '../envelope/change-event';
import type { OutboxModuleOptions } from '../events.options';
import { OUTBOX_OPTIONS } from './outbox.module-definition';
import { OutboxEntity } from './outbox.entity';
import { OutboxMetrics } from './outbox.metrics';
import { OutboxRelay } from './outbox.relay';

/** Writes change events into the outbox inside the caller's transaction, and wakes the relay after commit. */
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
  async append(tx: EntityManager, event: ChangeEvent): Promise<void> {
    await tx.insert(OutboxEntity, {
      source: this.options.source,
      eventId: event.id,
      type: event.type,
      entityId: event.entityId,
      version: event.version,
      payload: JSON.stringify(event),
    });
    this.metrics.wrote(event.type);
  }

  /** Call after the transaction committed: the relay publishes right away instead of at its next poll. */
  committed(): void {
    this.relay.wake();
  }
}
