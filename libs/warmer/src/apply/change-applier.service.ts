import { Injectable } from '@nestjs/common';
import { DerivedCache, EntityCache } from '@fleetcache/cache';
import { TRENDING_PRODUCTS_LIST, type ChangeEvent } from '@fleetcache/events';
import { WarmerMetrics, type Delivery } from '../warmer.metrics';

/**
 * Applies a change event to the cache, idempotently: created/updated → fenced set of the snapshot (pre-warm: the next
 * read anywhere is a HIT), deleted → versioned tombstone; then derived values containing the entity are dropped.
 * The version decides, so duplicates and reordering never move a key backwards (I2).
 */
@Injectable()
export class ChangeApplier {
  constructor(
    private readonly cache: EntityCache,
    private readonly derived: DerivedCache,
    private readonly metrics: WarmerMetrics,
  ) {}

  /** Applies one event; returns whether the cache changed. */
  async apply(event: ChangeEvent, delivery: Delivery): Promise<boolean> {
    const stored =
      event.type.endsWith('.deleted') || !event.data
        ? await this.cache.invalidate(event.entity, event.entityId, event.version)
        : await this.cache.set(event.entity, event.entityId, {
            version: event.version,
            json: JSON.stringify(event.data),
          });
    if (event.entity === 'product') await this.derived.invalidate(TRENDING_PRODUCTS_LIST, event.entityId);
    this.metrics.appliedEvent(event.type, delivery, stored, event.occurredAt);
    return stored;
  }
}
