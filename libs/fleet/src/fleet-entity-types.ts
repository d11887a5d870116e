import { PRODUCT_ENTITY_TYPE } from '@fleetcache/product-contract';
import { USER_ENTITY_TYPE } from '@fleetcache/user-contract';

/**
 * The entity types of this fleet: those its entity services own, which its cache-warmer applies. A new entity
 * service adds its type here (README, Adding an entity type).
 */
export const FLEET_ENTITY_TYPES = [USER_ENTITY_TYPE, PRODUCT_ENTITY_TYPE];
