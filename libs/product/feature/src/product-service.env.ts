import { ServiceEnv } from '@fleetcache/platform';
import { PRODUCT_ENTITY_TYPE } from '@fleetcache/product-contract';

/** HTTP settings of product-service: the shared schema with this service's default ports (its entity type's). */
export class ProductServiceHttpEnv extends ServiceEnv {
  override PORT = PRODUCT_ENTITY_TYPE.service.port;
  override INTERNAL_PORT = PRODUCT_ENTITY_TYPE.service.internalPort;
}
