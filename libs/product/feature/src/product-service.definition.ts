import type { ServiceMain } from '@fleetcache/platform';
import { PRODUCT_SCHEMA, seedProducts } from '@fleetcache/product-data-access';
import { ProductFeatureModule } from './product-feature.module';
import { PRODUCT_SERVICE_ENV_SCHEMAS, PRODUCT_SERVICE_SOURCE } from './product-service.env';

/** product-service: products over MySQL through the cache, the trending leaderboard, product.* change events. */
export const PRODUCT_SERVICE: ServiceMain = {
  definition: {
    source: PRODUCT_SERVICE_SOURCE,
    envSchemas: PRODUCT_SERVICE_ENV_SCHEMAS,
    schema: PRODUCT_SCHEMA,
    features: [ProductFeatureModule],
    entities: ['product'],
  },
  info: {
    title: 'fleetcache product-service',
    description:
      'Products over MySQL, read through the Redis Cluster cache, with a real-time trending leaderboard.',
  },
  seed: seedProducts,
};
