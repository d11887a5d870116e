export { UserFeatureModule } from './user-feature.module';
export { UsersService, USER_ENTITY } from './users/users.service';
export { CreateUserDto } from './dto/create-user.dto';
export { UpdateUserDto } from './dto/update-user.dto';
export { USER_SERVICE } from './user-service.definition';
export {
  USER_SERVICE_ENV_SCHEMAS,
  USER_SERVICE_SOURCE,
  UserServiceHttpEnv,
  type UserServiceEnv,
} from './user-service.env';
