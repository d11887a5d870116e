import { CacheEnv } from '@fleetcache/cache';
import { DbEnv } from '@fleetcache/db';
import { EventsEnv } from '@fleetcache/events';
import { ServiceEnv } from '@fleetcache/platform';

/** Name of this service's event stream. */
export const USER_SERVICE_SOURCE = 'user-service';

/** HTTP settings of user-service: the shared schema with this service's default port. */
export class UserServiceHttpEnv extends ServiceEnv {
  override PORT = 3001;
  override INTERNAL_PORT = 9001;
}

/** Every schema user-service validates at start. */
export const USER_SERVICE_ENV_SCHEMAS = [UserServiceHttpEnv, DbEnv, CacheEnv, EventsEnv];

/** The validated environment of user-service. */
export type UserServiceEnv = UserServiceHttpEnv & DbEnv & CacheEnv & EventsEnv;
