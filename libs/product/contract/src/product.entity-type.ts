import { defineEntityType, type DerivedValueDefinition } from '@fleetcache/core';

/** The cached trending list: a derived value of products, dropped when one of its products changes. */
export const TRENDING_PRODUCTS: DerivedValueDefinition = {
  name: 'trending:product',
  ttlClass: 'trending',
  ttlSeconds: 300,
};

/**
 * The product entity type, owned by product-service. Its settings' variables are CACHE_TTL_PRODUCT_SECONDS,
 * CACHE_SWR_PRODUCT_SECONDS, CACHE_NEAR_PRODUCT_MS and, for the trending list, CACHE_TTL_TRENDING_SECONDS; the
 * warmer reaches product-service at PRODUCT_SERVICE_URL and PRODUCT_SERVICE_INTERNAL_URL.
 */
export const PRODUCT_ENTITY_TYPE = defineEntityType({
  name: 'product',
  service: { name: 'product-service', port: 3002, internalPort: 9002, path: '/products' },
  cache: { ttlSeconds: 3600, staleAfterSeconds: 0, nearCacheMs: 0 },
  derived: [TRENDING_PRODUCTS],
});
