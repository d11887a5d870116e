import { Injectable } from '@nestjs/common';
import { DerivedCache, EntityCache } from '@fleetcache/cache';
import { TRENDING_PRODUCTS_LIST, type ChangeEvent } from '@fleetcache/events';
import { WarmerMetrics, type Delivery } from '../warmer.metrics';

/** How many recently applied live event ids are remembered, so the periodic replay can skip them. */
const REMEMBERED_EVENTS = 100_000;

/**
 * Applies a change event to the cache, idempotently: created/updated → fenced set of the snapshot (pre-warm: the next
 * read anywhere is a HIT), deleted → versioned tombstone; then derived values containing the entity are dropped.
 * The version decides, so duplicates and reordering never move a key backwards (I2).
 *
 * A replayed event this process already applied live is skipped: the replay re-reads every row younger than its
 * rewind window, and applying hundreds of them in a burst delayed live events behind it (lag benchmark). A live
 * write that failed is retried by the cache's write repairs, and a restarted warmer remembers nothing, so it
 * applies everything it replays.
 */
@Injectable()
export class ChangeApplier {
  private readonly appliedLive = new Set<string>();

  constructor(
    private readonly cache: EntityCache,
    private readonly derived: DerivedCache,
    private readonly metrics: WarmerMetrics,
  ) {}

  /** Applies one event; returns whether the cache changed. */
  async apply(event: ChangeEvent, delivery: Delivery): Promise<boolean> {
    if (delivery === 'replay' && this.appliedLive.has(event.id)) return false;
    const stored =
      event.type.endsWith('.deleted') || !event.data
        ? await this.cache.invalidate(event.entity, event.entityId, event.version)
        : await this.cache.set(event.entity, event.entityId, {
            version: event.version,
            json: JSON.stringify(event.data),
          });
    if (event.entity === 'product') await this.derived.invalidate(TRENDING_PRODUCTS_LIST, event.entityId);
    this.metrics.appliedEvent(event.type, delivery, stored, event.occurredAt);
    if (delivery === 'live') this.remember(event.id);
    return stored;
  }

  private remember(id: string): void {
    this.appliedLive.add(id);
    if (this.appliedLive.size > REMEMBERED_EVENTS) {
      this.appliedLive.delete(this.appliedLive.values().next().value as string); // oldest first
    }
  }
}
