import { PRODUCT_ENTITY_TYPE } from '@fleetcache/product-contract';
import { USER_ENTITY_TYPE } from '@fleetcache/user-contract';

/** The entity types this fleet's warmer applies: those of the entity services it follows. */
export const FLEET_ENTITY_TYPES = [USER_ENTITY_TYPE, PRODUCT_ENTITY_TYPE];
