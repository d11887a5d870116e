export { UserEntity } from './entities/user.entity';
export { toUserView, type UserView } from './entities/user.view';
export { UserNotFoundError, EmailTakenError } from './errors/user.errors';
export { UsersRepository, type UserFields } from './repository/users.repository';
export { UserDataAccessModule } from './user-data-access.module';
export { USER_SCHEMA } from './user.schema';
export { seedUsers, SAMPLE_USERS } from './seed/user-seed';
