import { readsRanking } from '@fleetcache/events';
import { PRODUCT_ENTITY_TYPE } from '@fleetcache/product-contract';

/** Ranking that product reads are counted in (also the hot-key ranking the warmer warms). */
export const PRODUCT_VIEWS_RANKING = readsRanking(PRODUCT_ENTITY_TYPE.name);

/** Longest trending list served (and cached). */
export const TRENDING_MAX = 100;
