import type { ServiceMain } from '@fleetcache/entity-api';
import { USER_ENTITY_TYPE } from '@fleetcache/user-contract';
import { USER_SCHEMA, seedUsers } from '@fleetcache/user-data-access';
import { UserFeatureModule } from './user-feature.module';
import { UserServiceHttpEnv } from './user-service.env';

/** user-service: users over MySQL through the cache, publishing user.* change events. */
export const USER_SERVICE: ServiceMain = {
  definition: {
    serviceName: USER_ENTITY_TYPE.service.name,
    httpEnv: UserServiceHttpEnv,
    schema: USER_SCHEMA,
    features: [UserFeatureModule],
    entityTypes: [USER_ENTITY_TYPE],
  },
  info: {
    title: 'fleetcache user-service',
    description:
      'Users over MySQL, read through the Redis Cluster cache (cache-aside, fenced writes, change events).',
  },
  seed: seedUsers,
};
