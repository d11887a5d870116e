import { ServiceEnv } from '@fleetcache/platform';
import { USER_ENTITY_TYPE } from '@fleetcache/user-contract';

/** HTTP settings of user-service: the shared schema with this service's default ports (its entity type's). */
export class UserServiceHttpEnv extends ServiceEnv {
  override PORT = USER_ENTITY_TYPE.service.port;
  override INTERNAL_PORT = USER_ENTITY_TYPE.service.internalPort;
}
