import { readsRanking, TRENDING_PRODUCTS_LIST } from '@fleetcache/events';

/** Name of the cached trending list (a derived value; entity type `trending` selects its TTL, 5 min by default). */
export const TRENDING_LIST = TRENDING_PRODUCTS_LIST;

/** Ranking that product reads are counted in (also the hot-key ranking the warmer warms). */
export const PRODUCT_VIEWS_RANKING = readsRanking('product');

/** Longest trending list served (and cached). */
export const TRENDING_MAX = 100;
