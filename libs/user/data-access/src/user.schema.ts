import type { ServiceSchema } from '@fleetcache/db';
import { UserEntity } from './entities/user.entity';
import { CreateUsers1763700000000 } from './migrations/1763700000000-create-users.migration';
import { AddUsersEmailNormalized1763700003000 } from './migrations/1763700003000-add-users-email-normalized.migration';

/** Entities, migrations and migrations table of the user service's database. */
export const USER_SCHEMA: ServiceSchema = {
  entities: [UserEntity],
  migrations: [CreateUsers1763700000000, AddUsersEmailNormalized1763700003000],
  migrationsTableName: 'user_service_migrations',
};
