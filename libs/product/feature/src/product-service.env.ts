import { CacheEnv } from '@fleetcache/cache';
import { DbEnv } from '@fleetcache/db';
import { EventsEnv } from '@fleetcache/events';
import { ServiceEnv } from '@fleetcache/platform';

/** Name of this service's event stream. */
export const PRODUCT_SERVICE_SOURCE = 'product-service';

/** HTTP settings of product-service: the shared schema with this service's default port. */
export class ProductServiceHttpEnv extends ServiceEnv {
  override PORT = 3002;
  override INTERNAL_PORT = 9002;
}

/** Every schema product-service validates at start. */
export const PRODUCT_SERVICE_ENV_SCHEMAS = [ProductServiceHttpEnv, DbEnv, CacheEnv, EventsEnv];
