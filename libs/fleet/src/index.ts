export { FLEET_ENTITY_TYPES } from './fleet-entity-types';
