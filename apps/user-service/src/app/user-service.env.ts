import { CacheEnv } from '@fleetcache/cache';
import { DbEnv } from '@fleetcache/db';
import { ServiceEnv } from '@fleetcache/platform';

/** HTTP settings of user-service: the shared schema with this service's default port. */
export class UserServiceHttpEnv extends ServiceEnv {
  override PORT = 3001;
}

/** Every schema user-service validates at start. */
export const USER_SERVICE_ENV_SCHEMAS = [UserServiceHttpEnv, DbEnv, CacheEnv];

/** The validated environment of user-service. */
export type UserServiceEnv = UserServiceHttpEnv & DbEnv & CacheEnv;
