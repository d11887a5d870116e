import { Inject, Injectable, Logger } from '@nestjs/common';
import { DerivedCache, EntityCache } from '@fleetcache/cache';
import { throttle, type EntityTypeDefinition } from '@fleetcache/core';
import { InvalidEventError, validateChangeEvent, type ChangeEvent } from '@fleetcache/events';
import { WarmerMetrics, type Delivery } from '../warmer.metrics';
import { WARMED_ENTITY_TYPES } from './warmed-entity-types';

/**
 * Applies a change event to the cache, idempotently: created/updated → fenced set of the snapshot (pre-warm: the next
 * read anywhere is a HIT), deleted → versioned tombstone; then derived values containing the entity are dropped.
 * The version decides, so duplicates and reordering never move a key backwards (I2).
 *
 * Every event is validated first, whichever way it came (pub/sub, or a service's replay feed, which is not parsed
 * on the way): an id out of range, a version out of range or a snapshot of another entity or version would write
 * a key no read can correct (a forged high version fences out every real write); so would an event of an entity type
 * the warmer was not given. Such an event is dropped, counted
 * (`fleetcache_warmer_events_invalid_total`) and logged at most once a second, and never applied.
 */
@Injectable()
export class ChangeApplier {
  private readonly logger = new Logger(ChangeApplier.name);
  private readonly logGate = throttle(1000);
  private readonly types: ReadonlyMap<string, EntityTypeDefinition>;

  constructor(
    @Inject(WARMED_ENTITY_TYPES) types: readonly EntityTypeDefinition[],
    private readonly cache: EntityCache,
    private readonly derived: DerivedCache,
    private readonly metrics: WarmerMetrics,
  ) {
    this.types = new Map(types.map((type) => [type.name, type]));
  }

  /** Applies one event; returns whether the cache changed (false for an invalid event, which is dropped). */
  async apply(event: ChangeEvent, delivery: Delivery): Promise<boolean> {
    const type = this.validType(event, delivery);
    if (!type) return false;
    const stored =
      event.type.endsWith('.deleted') || !event.data
        ? await this.cache.tombstone(event.entity, event.entityId, event.version)
        : await this.cache.set(event.entity, event.entityId, {
            version: event.version,
            json: JSON.stringify(event.data),
          });
    for (const derived of type.derived) await this.derived.invalidate(derived.name, event.entityId);
    this.metrics.appliedEvent(event.type, delivery, stored, event.occurredAt);
    return stored;
  }

  /** The event's registered entity type, or undefined (counted and logged) when the event is invalid. */
  private validType(event: ChangeEvent, delivery: Delivery): EntityTypeDefinition | undefined {
    try {
      validateChangeEvent(event);
      const type = this.types.get(event.entity);
      if (!type) throw new InvalidEventError(`entity type "${event.entity}" is not one this warmer applies`);
      return type;
    } catch (error) {
      this.metrics.invalidMessage(delivery);
      // A flood of forged events must not flood the logs: at most one line a second.
      if (this.logGate()) this.logger.warn({ msg: 'dropped an invalid event', delivery, err: String(error) });
      return undefined;
    }
  }
}
