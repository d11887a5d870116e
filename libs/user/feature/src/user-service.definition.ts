import type { ServiceMain } from '@fleetcache/platform';
import { USER_SCHEMA, seedUsers } from '@fleetcache/user-data-access';
import { UserFeatureModule } from './user-feature.module';
import { USER_SERVICE_ENV_SCHEMAS, USER_SERVICE_SOURCE } from './user-service.env';

/** user-service: users over MySQL through the cache, publishing user.* change events. */
export const USER_SERVICE: ServiceMain = {
  definition: {
    source: USER_SERVICE_SOURCE,
    envSchemas: USER_SERVICE_ENV_SCHEMAS,
    schema: USER_SCHEMA,
    features: [UserFeatureModule],
    entities: ['user'],
  },
  info: {
    title: 'fleetcache user-service',
    description:
      'Users over MySQL, read through the Redis Cluster cache (cache-aside, fenced writes, change events).',
  },
  seed: seedUsers,
};
