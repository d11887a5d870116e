import type { EventEntity } from '../envelope/change-event';

/**
 * Names the services and the cache-warmer share besides the event envelope: the derived trending list (dropped
 * when one of its products changes) and the read rankings the warmer warms at start.
 */
export const TRENDING_PRODUCTS_LIST = 'trending:product';

/** The ranking that reads of an entity type are counted (sampled) in: `reads:user`, `reads:product`. */
export function readsRanking(entity: EventEntity): string {
  return `reads:${entity}`;
}
