import { Injectable, Logger } from '@nestjs/common';
import { DerivedCache, EntityCache } from '@fleetcache/cache';
import { throttle } from '@fleetcache/core';
import { TRENDING_PRODUCTS_LIST, validateChangeEvent, type ChangeEvent } from '@fleetcache/events';
import { WarmerMetrics, type Delivery } from '../warmer.metrics';

/**
 * Applies a change event to the cache, idempotently: created/updated → fenced set of the snapshot (pre-warm: the next
 * read anywhere is a HIT), deleted → versioned tombstone; then derived values containing the entity are dropped.
 * The version decides, so duplicates and reordering never move a key backwards (I2).
 *
 * Every event is validated first, whichever way it came (pub/sub, or a service's replay feed, which is not parsed
 * on the way): an id out of range, a version out of range or a snapshot of another entity or version would write
 * a key no read can correct (a forged high version fences out every real write). Such an event is dropped, counted
 * (`fleetcache_warmer_events_invalid_total`) and logged at most once a second, and never applied.
 */
@Injectable()
export class ChangeApplier {
  private readonly logger = new Logger(ChangeApplier.name);
  private readonly logGate = throttle(1000);

  constructor(
    private readonly cache: EntityCache,
    private readonly derived: DerivedCache,
    private readonly metrics: WarmerMetrics,
  ) {}

  /** Applies one event; returns whether the cache changed (false for an invalid event, which is dropped). */
  async apply(event: ChangeEvent, delivery: Delivery): Promise<boolean> {
    if (!this.isValid(event, delivery)) return false;
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

  private isValid(event: unknown, delivery: Delivery): boolean {
    try {
      validateChangeEvent(event);
      return true;
    } catch (error) {
      this.metrics.invalidMessage(delivery);
      // A flood of forged events must not flood the logs: at most one line a second.
      if (this.logGate()) this.logger.warn({ msg: 'dropped an invalid event', delivery, err: String(error) });
      return false;
    }
  }
}
