export { UserEntity } from './entities/user.entity';
export { toUserView, type UserView } from './entities/user.view';
export { UserNotFoundError, EmailTakenError } from './errors/user.errors';
export { normalizeEmail, MAX_NORMALIZED_EMAIL_LENGTH } from './email/normalize-email';
export { UsersRepository, type UserFields } from './repository/users.repository';
export { UserDataAccessModule } from './user-data-access.module';
export { USER_SCHEMA } from './user.schema';
export { AddUsersEmailNormalized1763700003000 } from './migrations/1763700003000-add-users-email-normalized.migration';
export { seedUsers, SAMPLE_USERS } from './seed/user-seed';
