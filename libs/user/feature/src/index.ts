export { UserFeatureModule } from './user-feature.module';
export { UsersService, USER_ENTITY } from './users/users.service';
export { CreateUserDto } from './dto/create-user.dto';
export { UpdateUserDto } from './dto/update-user.dto';
