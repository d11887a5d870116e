import type { ServiceSchema } from '@fleetcache/db';
import { OUTBOX_SCHEMA } from '@fleetcache/events';
import { USER_SCHEMA } from '@fleetcache/user-data-access';

/** The user service's database: the users table and the event outbox. */
export const USER_SERVICE_SCHEMA: ServiceSchema = {
  entities: [...(USER_SCHEMA.entities as never[]), ...OUTBOX_SCHEMA.entities],
  migrations: [...(USER_SCHEMA.migrations as never[]), ...OUTBOX_SCHEMA.migrations],
  migrationsTableName: USER_SCHEMA.migrationsTableName,
};
