import type { ServiceMain } from '@fleetcache/entity-api';
import { PRODUCT_ENTITY_TYPE } from '@fleetcache/product-contract';
import { PRODUCT_SCHEMA, seedProducts } from '@fleetcache/product-data-access';
import { ProductFeatureModule } from './product-feature.module';
import { ProductServiceHttpEnv } from './product-service.env';

/** product-service: products over MySQL through the cache, the trending leaderboard, product.* change events. */
export const PRODUCT_SERVICE: ServiceMain = {
  definition: {
    serviceName: PRODUCT_ENTITY_TYPE.service.name,
    httpEnv: ProductServiceHttpEnv,
    schema: PRODUCT_SCHEMA,
    features: [ProductFeatureModule],
    entityTypes: [PRODUCT_ENTITY_TYPE],
  },
  info: {
    title: 'fleetcache product-service',
    description:
      'Products over MySQL, read through the Redis Cluster cache, with a real-time trending leaderboard.',
  },
  seed: seedProducts,
};
