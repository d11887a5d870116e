import type { EventEntity } from '../envelope/change-event';

/**
 * A name the services and the cache-warmer share besides the event envelope: the ranking that reads of an entity
 * type are counted (sampled) in, `reads:user`, whose top ids the warmer warms at start.
 */
export function readsRanking(entity: EventEntity): string {
  return `reads:${entity}`;
}
