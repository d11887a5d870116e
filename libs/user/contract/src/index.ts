export { USER_ENTITY_TYPE } from './user.entity-type';
