export { UserFeatureModule } from './user-feature.module';
export { UsersService } from './users/users.service';
export { CreateUserDto } from './dto/create-user.dto';
export { UpdateUserDto } from './dto/update-user.dto';
export { USER_SERVICE } from './user-service.definition';
export { UserServiceHttpEnv } from './user-service.env';
